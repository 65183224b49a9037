// The only code that writes staff tables. Reads of app_user are joins for names and existence checks.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { StaffCertificateTable, StaffTrainingTable } from './staff.tables.js';

type Exec = Kysely<DB> | Transaction<DB>;

export function staffRepository(db: Kysely<DB>) {
  return {
    findUser: (id: string) => db.selectFrom('app_user').select(['id', 'username', 'display_name', 'status']).where('id', '=', id).executeTakeFirst(),

    // certificates
    findCertificate: (id: string, x: Exec = db) => x.selectFrom('staff_certificate').selectAll().where('id', '=', id).executeTakeFirst(),
    listCertificates: (userId: string) =>
      db.selectFrom('staff_certificate').selectAll().where('user_id', '=', userId).orderBy('valid_until', 'desc').orderBy('id').execute(),
    certificatesOf: (userIds: string[]) =>
      db.selectFrom('staff_certificate').selectAll().where('user_id', 'in', userIds).orderBy('user_id').orderBy('valid_until', 'desc').orderBy('id').execute(),
    insertCertificate: (x: Exec, row: StaffCertificateTable) => x.insertInto('staff_certificate').values(row).execute(),
    updateCertificate: (x: Exec, id: string, patch: Partial<StaffCertificateTable>) => x.updateTable('staff_certificate').set(patch).where('id', '=', id).execute(),
    deleteCertificate: (x: Exec, id: string) => x.deleteFrom('staff_certificate').where('id', '=', id).execute(),
    /**
     * Certificates of active users whose last valid day is on or before `until` (so the expired ones too),
     * leaving out any that a later certificate of the same kind for the same user has replaced.
     */
    expiringCertificates: (until: string) =>
      db
        .selectFrom('staff_certificate as c')
        .innerJoin('app_user as u', 'u.id', 'c.user_id')
        .selectAll('c')
        .select(['u.username', 'u.display_name'])
        .where('c.valid_until', '<=', until)
        .where('u.status', '=', 'active')
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('staff_certificate as n')
                .select('n.id')
                .whereRef('n.user_id', '=', 'c.user_id')
                .whereRef('n.kind', '=', 'c.kind')
                .whereRef('n.valid_until', '>', 'c.valid_until'),
            ),
          ),
        )
        .orderBy('c.valid_until')
        .orderBy('u.display_name')
        .orderBy('c.id')
        .execute(),

    // trainings
    findTraining: (id: string, x: Exec = db) => x.selectFrom('staff_training').selectAll().where('id', '=', id).executeTakeFirst(),
    listTrainings: (userId: string) =>
      db.selectFrom('staff_training').selectAll().where('user_id', '=', userId).orderBy('completed_on', 'desc').orderBy('id', 'desc').execute(),
    insertTraining: (x: Exec, row: StaffTrainingTable) => x.insertInto('staff_training').values(row).execute(),
    deleteTraining: (x: Exec, id: string) => x.deleteFrom('staff_training').where('id', '=', id).execute(),
    /** The latest completedOn of a passed training, per user. */
    lastPassedTrainings: (userIds: string[]) =>
      db
        .selectFrom('staff_training')
        .select(['user_id', (eb) => eb.fn.max('completed_on').as('last_on')])
        .where('user_id', 'in', userIds)
        .where('result', '=', 'passed')
        .groupBy('user_id')
        .execute(),
  };
}

export type StaffRepository = ReturnType<typeof staffRepository>;

import type { TrainingResult } from '../../../contracts/staff.js';

export type StaffCertificateTable = {
  id: string;
  user_id: string;
  kind: string;
  number: string;
  issuer: string;
  /** YYYY-MM-DD */
  valid_from: string;
  /** YYYY-MM-DD, the last day the certificate is valid. */
  valid_until: string;
  created_at: string;
  updated_at: string;
  created_by: string;
};
export type StaffTrainingTable = {
  id: string;
  user_id: string;
  course: string;
  /** YYYY-MM-DD */
  completed_on: string;
  result: TrainingResult;
  score: number | null;
  hours: number | null;
  created_at: string;
  created_by: string;
};

export type StaffTables = {
  staff_certificate: StaffCertificateTable;
  staff_training: StaffTrainingTable;
};

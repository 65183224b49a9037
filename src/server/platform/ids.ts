// Application-generated, time-ordered ids (DESIGN §4).
import { uuidv7 } from 'uuidv7';

export const newId = (): string => uuidv7();

export const isId = (s: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(s);

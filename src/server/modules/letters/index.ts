// Public face of the letters module: collection and validation notices from letter templates, stored on the case.
export { createLetterService, LetterErrors, type LetterService } from './letters.service.js';
export { letterRoutes } from './letters.routes.js';
export { itemizationText, letterSpec, type LetterInput } from './letters.layout.js';

/**
 * The admission chain the API server runs: strict decoding, defaulting and
 * validation from src/sim/api/admission.
 */
export { admission } from "../api/admission/index.js";

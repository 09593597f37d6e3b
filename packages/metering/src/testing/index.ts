export { chunkText, generateCorpus, seededRandom } from "./corpus";

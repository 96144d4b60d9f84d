/** `npm run docs:api`: rewrites docs/api.md's table from core's route table. */
import fs from 'node:fs';
import { API_DOC, readApiDoc, renderApiDoc } from './apiDoc';

fs.writeFileSync(API_DOC, await renderApiDoc(readApiDoc()));
console.log(`wrote ${API_DOC}`);

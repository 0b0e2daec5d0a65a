/** Once per test run: the board and other pages are built from web/, so browser tests see the current sources. */
import { buildWeb } from '../scripts/build-web.js';

export default async function setup(): Promise<void> {
  await buildWeb();
}

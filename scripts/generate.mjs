// `npm run generate`: bundles openapi/ and generates every file of generated/
// (lib/generate/index.mjs says what each holds). With --check (`npm run
// check:generated`), generates in memory from the current openapi/ and fails
// when anything committed in generated/ differs.
import { checkGenerated, GENERATED_FILES, writeGenerated } from '../lib/generate/index.mjs';

if (process.argv.includes('--check')) {
  const { stale, message } = await checkGenerated();
  if (stale.length) {
    console.error(message);
    process.exit(1);
  }
  console.log(message);
} else {
  await writeGenerated('generated');
  console.log(`generate: wrote generated/{${GENERATED_FILES.join(',')}}.`);
}

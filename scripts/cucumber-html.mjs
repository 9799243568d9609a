// cucumber-html.mjs renders Cucumber Messages (NDJSON on stdin, such as
// build/reports/messages.ndjson) as Cucumber's own HTML report (on stdout)
// with npm's @cucumber/html-formatter, which has no command line of its own:
//
//   npm install --no-save @cucumber/html-formatter@24.2.0
//   node scripts/cucumber-html.mjs < build/reports/messages.ndjson > build/reports/cucumber.html
//
// The package is looked for in ./node_modules, or where
// CUCUMBER_HTML_FORMATTER names its directory.
import { once } from 'node:events'
import path from 'node:path'
import readline from 'node:readline'
import { pathToFileURL } from 'node:url'

const dir = process.env.CUCUMBER_HTML_FORMATTER || path.join(process.cwd(), 'node_modules', '@cucumber', 'html-formatter')
const { CucumberHtmlStream } = await import(pathToFileURL(path.join(dir, 'dist', 'src', 'index.js')).href)
const html = new CucumberHtmlStream(
  path.join(dir, 'dist', 'main.css'),
  path.join(dir, 'dist', 'main.js'),
  path.join(dir, 'dist', 'src', 'icon.url')
)
html.pipe(process.stdout)
for await (const line of readline.createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (line.trim() !== '' && !html.write(JSON.parse(line))) {
    await once(html, 'drain')
  }
}
html.end()

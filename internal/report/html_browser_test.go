package report_test

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/mushbdd/mush/internal/fixtures"
	"github.com/mushbdd/mush/internal/report"
	"github.com/mushbdd/mush/internal/result"
	"github.com/mushbdd/mush/internal/runner"
)

// BrowserVar set to "required" makes a missing Chromium a failure instead
// of a skip (.ci/run sets it after installing Debian's chromium package).
const BrowserVar = "MUSH_BROWSER_TEST"

// chromium finds a Chromium or Chrome binary: $MUSH_CHROME, then the usual
// names on PATH.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("MUSH_CHROME"); p != "" {
		return p
	}
	names := []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"}
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	msg := "no Chromium found (looked for $MUSH_CHROME, " + strings.Join(names, ", ") +
		"): the browser test is skipped; apt-get install chromium to run it"
	if os.Getenv(BrowserVar) == "required" {
		t.Fatal(msg + " (" + BrowserVar + "=required)")
	}
	t.Skip(msg)
	return ""
}

// moduleRoot is the directory of go.mod above the test's directory.
func moduleRoot(t *testing.T) string {
	dir, _ := os.Getwd()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Fatal("no go.mod above the test directory")
		}
		dir = up
	}
}

// TestBrowser runs mush on fixture features with 4 workers, opens the
// index.html it wrote in headless Chromium from a file:// URL, and checks
// what a person sees: the counts, the failure listed first, the status
// filter hiding the passed rows, one timeline bar per scenario in as many
// lanes as workers, the table sorted by a click on a heading (sorting).
// It saves screenshots under build/screenshots/.
func TestBrowser(t *testing.T) {
	exe := chromium(t)
	root := moduleRoot(t)
	dir := runFixtures(t, root)
	ctx := openPage(t, exe, filepath.Join(dir, "reports", "index.html"), "#timeline")
	text := func(sel string) (s string) { do(t, ctx, chromedp.Text(sel, &s, chromedp.ByQuery)); return s }
	js := func(expr string) int { return eval[int](t, ctx, expr) }
	count := func(sel string) int { return js(`document.querySelectorAll(` + quote(sel) + `).length`) }
	visible := func(status string) int {
		return js(`Array.from(document.querySelectorAll("#rows tbody tr")).filter(r => (` + quote(status) +
			` === "" || r.dataset.status === ` + quote(status) + `) && r.offsetParent !== null).length`)
	}

	passed, failed, closing := text("#count-passed b"), text("#count-failed b"), text("#closing")
	firstSection := eval[string](t, ctx, `document.querySelector("main section").id`)
	firstFailure := text("#failures article h3")
	lanes, bars, rows := count("#timeline .lane"), count("#timeline .bar"), count("#rows tbody tr")
	barsWide := js(`Array.from(document.querySelectorAll("#timeline .bar")).filter(b => b.getBoundingClientRect().width >= 1).length`)
	var shot, top []byte
	do(t, ctx, chromedp.FullScreenshot(&shot, 100), chromedp.CaptureScreenshot(&top))
	do(t, ctx, chromedp.SetValue("#f-status", "failed", chromedp.ByQuery))
	js(`document.getElementById("f-status").dispatchEvent(new Event("change")), 0`)
	visiblePassed, visibleFailed, visibleAll := visible("passed"), visible("failed"), visible("")

	if passed != "11" || failed != "3" || closing != "11 passed, 3 failed" {
		t.Errorf("counts: passed %q failed %q closing %q; want 11, 3, \"11 passed, 3 failed\"", passed, failed, closing)
	}
	if firstSection != "failures" || !strings.Contains(firstFailure, "Arithmetic › Wrong sum") {
		t.Errorf("first section %q, first failure %q: the failures come first, Wrong sum at the top", firstSection, firstFailure)
	}
	if lanes != 4 || bars != 14 || barsWide != 14 || rows != 14 {
		t.Errorf("timeline: %d lanes, %d bars (%d drawn), %d rows; want 4 lanes for 4 workers, 14 bars, 14 rows", lanes, bars, barsWide, rows)
	}
	if visiblePassed != 0 || visibleFailed != 3 || visibleAll != 3 {
		t.Errorf("status filter \"failed\": %d passed and %d failed rows visible of %d; want 0 and 3", visiblePassed, visibleFailed, visibleAll)
	}
	sorted := sorting(t, ctx, filepath.Join(dir, "reports", report.ResultsFile))

	shots := filepath.Join(root, "build", "screenshots")
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	// index.png is the whole page; index-top.png the first screen, the
	// one README shows (docs/report.png); index-sorted.png the page with
	// the table sorted by location.
	for name, png := range map[string][]byte{"index.png": shot, "index-top.png": top, "index-sorted.png": sorted} {
		path := filepath.Join(shots, name)
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s (%d bytes)", path, len(png))
	}
}

// runFixtures runs mush from the module root on fixture features with 4
// workers (11 scenarios pass, 3 fail) and returns the directory of its
// reports directory and timing history.
func runFixtures(t *testing.T, root string) string {
	dir := t.TempDir()
	t.Chdir(root) // locations as a run from the module root shows them
	td := fixtures.Dir
	env := map[string]string{
		"BDD_PATHS":       strings.Join([]string{td + "/arithmetic.feature", td + "/words.feature", td + "/passing.feature"}, ","),
		"BDD_WORKERS":     "4",
		"BDD_REPORTS_DIR": filepath.Join(dir, "reports"),
		"BDD_TIMINGS":     filepath.Join(dir, "timings.json"),
	}
	var out bytes.Buffer
	runner.ExitCode(runner.Run(context.Background(), fixtures.Suite(&fixtures.Recorder{}), runner.Env{
		Getenv: func(k string) string { return env[k] }, Stdout: &out, Stderr: &out,
	}))
	return dir
}

// openPage opens the file at path in headless Chromium and waits until
// the element sel is visible; the browser lives as long as the test.
func openPage(t *testing.T, exe, path, sel string) context.Context {
	page := "file://" + filepath.ToSlash(path)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.WindowSize(1200, 1180))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	// The first action starts the browser, which lives as long as ctx: no
	// timeout on it (chromedp's rule); the later ones get one each.
	if err := chromedp.Run(ctx, chromedp.Navigate(page), chromedp.WaitVisible(sel, chromedp.ByQuery)); err != nil {
		t.Fatalf("chromium could not open %s: %v", page, err)
	}
	return ctx
}

// FormatterVar names the directory of npm's @cucumber/html-formatter
// (.ci/run installs it under build/npm); without it the package is looked
// for in the module root's node_modules.
const FormatterVar = "CUCUMBER_HTML_FORMATTER"

// htmlFormatter finds node and the @cucumber/html-formatter package; it
// skips the test when either is missing, and fails it instead with
// MUSH_BROWSER_TEST=required.
func htmlFormatter(t *testing.T, root string) (node, dir string) {
	t.Helper()
	dir = cmp.Or(os.Getenv(FormatterVar), filepath.Join(root, "node_modules", "@cucumber", "html-formatter"))
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = os.Stat(filepath.Join(dir, "dist", "src", "index.js"))
	}
	if err != nil {
		msg := "no node or no @cucumber/html-formatter (" + err.Error() + "): the Cucumber HTML report test is skipped; " +
			"npm install --no-save @cucumber/html-formatter@24.2.0 at the module root (or set " + FormatterVar + ") to run it"
		if os.Getenv(BrowserVar) == "required" {
			t.Fatal(msg + " (" + BrowserVar + "=required)")
		}
		t.Skip(msg)
	}
	return node, dir
}

// TestBrowserCucumberHTML renders the messages.ndjson of the same run as
// TestBrowser with Cucumber's own HTML report (npm's
// @cucumber/html-formatter, through scripts/cucumber-html.mjs, README's
// command), opens the page in headless Chromium, and checks that it counts
// what mush's summary counts: 11 of 14 scenarios passed, and shows the
// failures' messages. The page goes to build/screenshots/cucumber.png.
func TestBrowserCucumberHTML(t *testing.T) {
	exe := chromium(t)
	root := moduleRoot(t)
	node, formatter := htmlFormatter(t, root)
	dir := runFixtures(t, root)
	run, err := report.ReadFile(filepath.Join(dir, "reports", report.ResultsFile))
	if err != nil {
		t.Fatal(err)
	}
	in, err := os.Open(filepath.Join(dir, "reports", report.MessagesFile))
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	page := filepath.Join(dir, "cucumber.html")
	var html, stderr bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, filepath.Join(root, "scripts", "cucumber-html.mjs"))
	cmd.Stdin, cmd.Stdout, cmd.Stderr = in, &html, &stderr
	cmd.Env = append(os.Environ(), FormatterVar+"="+formatter)
	if err := cmd.Run(); err != nil {
		t.Fatalf("node scripts/cucumber-html.mjs: %v\n%s", err, stderr.String())
	}
	if err := os.WriteFile(page, html.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	bctx := openPage(t, exe, page, "body")
	// The page renders itself from the messages it embeds: wait for its
	// count of passed scenarios.
	var body string
	do(t, bctx, chromedp.Poll(`document.body.innerText.includes(") passed")`, nil),
		chromedp.Evaluate(`document.body.innerText`, &body))
	counts := run.Count()
	want := fmt.Sprintf("(%d / %d) passed", counts[result.Passed], len(run.Scenarios))
	if counts[result.Passed] != 11 || len(run.Scenarios) != 14 || !strings.Contains(body, want) {
		t.Errorf("mush counted %d passed of %d; the Cucumber page does not show %q:\n%s", counts[result.Passed], len(run.Scenarios), want, body)
	}
	// The status filter counts each status.
	if got := regexp.MustCompile(`(?i)failed\s+(\d+)`).FindStringSubmatch(body); got == nil || got[1] != strconv.Itoa(counts[result.Failed]) {
		t.Errorf("the Cucumber page's status filter counts failed %v; mush counted %d", got, counts[result.Failed])
	}
	for _, s := range run.Scenarios {
		if s.Status == result.Failed && !strings.Contains(body, s.Name) {
			t.Errorf("the Cucumber page does not show the failed scenario %q", s.Name)
		}
	}
	if !strings.Contains(body, "words are hard") {
		t.Errorf("the Cucumber page does not show the failure message \"words are hard\"")
	}
	var shot []byte
	do(t, bctx, chromedp.FullScreenshot(&shot, 100))
	shots := filepath.Join(root, "build", "screenshots")
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(shots, "cucumber.png"), shot, 0o644); err != nil {
		t.Fatal(err)
	}
}

// sorting clicks the table's headings, with the status filter on
// "failed" as TestBrowser leaves it, and checks the rows' order against the
// run's results.json: duration puts the slowest first and keeps the filter,
// a second click the fastest first; status puts the failures first;
// location, with the keyboard (Enter, then Space to reverse), sorts by file
// then line number. It returns a screenshot of the sorted page.
func sorting(t *testing.T, ctx context.Context, results string) []byte {
	run, err := report.ReadFile(results)
	if err != nil {
		t.Fatal(err)
	}
	click := func(sel string) { t.Helper(); do(t, ctx, chromedp.Click(sel, chromedp.ByQuery)) }
	str := func(expr string) string { return eval[string](t, ctx, expr) }
	heading := func(col string) string { return `#rows th button[data-sort="` + col + `"]` }
	// The locations of the rows shown, top to bottom, and the aria-sort of
	// every heading that has one.
	shown := func() []string {
		return eval[[]string](t, ctx, `Array.from(document.querySelectorAll("#rows tbody tr")).`+
			`filter(r => r.offsetParent !== null).map(r => r.dataset.file + ":" + r.dataset.line)`)
	}
	ariaSort := func() string {
		return str(`Array.from(document.querySelectorAll("#rows th[aria-sort]")).` +
			`map(th => th.querySelector("button").dataset.sort + " " + th.getAttribute("aria-sort")).join(", ")`)
	}
	showAll := func() {
		str(`(s => { s.selectedIndex = 0; s.dispatchEvent(new Event("change")); return s.value; })(document.getElementById("f-status"))`)
	}
	byLocation := map[string]result.Scenario{}
	for _, s := range run.Scenarios {
		byLocation[s.Location()] = s
	}
	// extreme says whether the scenario at loc is, among those kept, the
	// slowest (sign 1) or the fastest (sign -1).
	extreme := func(loc string, sign time.Duration, keep func(result.Scenario) bool) bool {
		s, ok := byLocation[loc]
		if !ok || !keep(s) {
			return false
		}
		for _, o := range run.Scenarios {
			if keep(o) && sign*o.Duration > sign*s.Duration {
				return false
			}
		}
		return true
	}
	all := func(result.Scenario) bool { return true }
	failed := func(s result.Scenario) bool { return s.Status == result.Failed }

	click(heading("duration"))
	if rows := shown(); len(rows) != 3 || !extreme(rows[0], 1, failed) || !failedOnly(rows, byLocation) {
		t.Errorf("sorted by duration with the filter on failed: rows %v; want the 3 failed ones, the slowest first", rows)
	}
	if got := ariaSort(); got != "duration descending" {
		t.Errorf("after a click on duration, aria-sort: %q; want \"duration descending\"", got)
	}
	showAll()
	if rows := shown(); len(rows) != 14 || !extreme(rows[0], 1, all) {
		t.Errorf("sorted by duration, every status shown: rows %v; want 14, the slowest first", rows)
	}
	click(heading("duration"))
	if rows := shown(); len(rows) != 14 || !extreme(rows[0], -1, all) {
		t.Errorf("after a second click on duration: rows %v; want 14, the fastest first", rows)
	}
	if got := ariaSort(); got != "duration ascending" {
		t.Errorf("after a second click on duration, aria-sort: %q; want \"duration ascending\"", got)
	}

	click(heading("status"))
	var statuses []string
	for _, loc := range shown() {
		statuses = append(statuses, string(byLocation[loc].Status))
	}
	if want := strings.Repeat("failed ", 3) + strings.Repeat("passed ", 11); strings.Join(statuses, " ")+" " != want {
		t.Errorf("sorted by status: %v; want the 3 failed first, then the 11 passed", statuses)
	}
	if got := ariaSort(); got != "status ascending" {
		t.Errorf("after a click on status, aria-sort: %q; want \"status ascending\" alone", got)
	}

	want := make([]string, 0, len(run.Scenarios))
	for _, s := range slices.SortedFunc(slices.Values(run.Scenarios), func(a, b result.Scenario) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
	}) {
		want = append(want, s.Location())
	}
	do(t, ctx, chromedp.Focus(heading("location"), chromedp.ByQuery), chromedp.KeyEvent("\r"))
	if rows := shown(); !slices.Equal(rows, want) {
		t.Errorf("Enter on location: rows\n%v\nwant them by file, then line number\n%v", rows, want)
	}
	var shot []byte
	do(t, ctx, chromedp.FullScreenshot(&shot, 100))
	do(t, ctx, chromedp.KeyEvent(" "))
	slices.Reverse(want)
	if rows := shown(); !slices.Equal(rows, want) || ariaSort() != "location descending" {
		t.Errorf("Space on location: rows\n%v\nwant the reverse order\n%v (aria-sort %q)", rows, want, ariaSort())
	}
	return shot
}

// failedOnly says whether every location is that of a failed scenario.
func failedOnly(locs []string, byLocation map[string]result.Scenario) bool {
	for _, l := range locs {
		if byLocation[l].Status != result.Failed {
			return false
		}
	}
	return true
}

// do runs actions with a time limit.
func do(t *testing.T, ctx context.Context, actions ...chromedp.Action) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Run(ctx, actions...); err != nil {
		t.Fatalf("chromium: %v", err)
	}
}

// eval returns the value of a JavaScript expression.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	var v T
	do(t, ctx, chromedp.Evaluate(expr, &v))
	return v
}

func quote(s string) string { return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"` }

package htmltest

import (
	"slices"
	"testing"
)

// TestParse: the checks of a report page see what would load or lead
// outside the file, the failures' headings, sections, classes and ids.
func TestParse(t *testing.T) {
	page := `<!doctype html><html><head><link rel="stylesheet" href="s.css"><script>let x</script></head><body>
<section id="run" class="a b"><div class="failure other"><h3>a.feature:3 Wrong sum</h3></div><div class="plain"><h3>not a failure</h3></div></section>
<img src="x.png"><iframe></iframe><a href="https://example.com/">out</a><a href="#run">in</a><a href=" JavaScript:alert(1)">js</a>
<p id="p"> some &amp; text </p></body></html>`
	p, err := Parse([]byte(page))
	if err != nil {
		t.Fatal(err)
	}
	wantExternal := []string{"<link>", "<img>", "src=x.png", "<iframe>", "href=https://example.com/", "href= JavaScript:alert(1)"}
	if !slices.Equal(p.External, wantExternal) {
		t.Errorf("external %q, want %q", p.External, wantExternal)
	}
	if !slices.Equal(p.Failures, []string{"a.feature:3 Wrong sum"}) || !slices.Equal(p.Sections, []string{"run"}) || p.Scripts != 1 {
		t.Errorf("failures %q, sections %q, scripts %d", p.Failures, p.Sections, p.Scripts)
	}
	if p.Classes["section.a"] != 1 || p.Classes["div.failure"] != 1 || p.Classes["div.plain"] != 1 {
		t.Errorf("classes %v", p.Classes)
	}
	if got := p.TextOf("p"); got != "some & text" {
		t.Errorf("TextOf(p) = %q", got)
	}
	if got := p.TextOf("nowhere"); got != "" {
		t.Errorf("TextOf(nowhere) = %q, want empty", got)
	}
}

// Package htmltest reads index.html as a browser's HTML5 parser does and
// gives the tests and the feature steps what a reader looks at: the
// sections in order, the failures' headings, elements by id and class, and
// any reference that would leave the file. It is test support.
package htmltest

import (
	"bytes"
	"slices"
	"strings"

	"golang.org/x/net/html"
)

// Page is a parsed report page.
type Page struct {
	Doc      *html.Node
	IDs      map[string]*html.Node
	Sections []string       // ids of the <section> elements, in order
	Failures []string       // text of each failure's heading, in order
	Classes  map[string]int // elements per "tag.class"
	Scripts  int            // <script> elements
	// External lists what would load or lead outside the file: src/href
	// (and the like) with "//" or javascript:, <link>, <iframe>, <img>,
	// scripts with a src.
	External []string
}

// Parse reads page.
func Parse(page []byte) (Page, error) {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return Page{}, err
	}
	p := Page{Doc: doc, IDs: map[string]*html.Node{}, Classes: map[string]int{}}
	Walk(doc, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		switch n.Data {
		case "script":
			p.Scripts++
		case "link", "iframe", "img", "object", "embed":
			p.External = append(p.External, "<"+n.Data+">")
		case "h3":
			if n.Parent != nil && slices.ContainsFunc(n.Parent.Attr, func(a html.Attribute) bool {
				return a.Key == "class" && slices.Contains(strings.Fields(a.Val), "failure")
			}) {
				p.Failures = append(p.Failures, Text(n))
			}
		}
		for _, a := range n.Attr {
			switch a.Key {
			case "id":
				p.IDs[a.Val] = n
				if n.Data == "section" {
					p.Sections = append(p.Sections, a.Val)
				}
			case "class":
				for _, c := range strings.Fields(a.Val) {
					p.Classes[n.Data+"."+c]++
				}
			case "src", "href", "action", "srcset", "poster", "data":
				v := strings.ToLower(strings.TrimSpace(a.Val))
				if a.Key == "src" || strings.Contains(v, "//") || strings.HasPrefix(v, "javascript:") {
					p.External = append(p.External, a.Key+"="+a.Val)
				}
			}
		}
	})
	return p, nil
}

// TextOf is the trimmed text of the element with id, "" when none.
func (p Page) TextOf(id string) string {
	if n := p.IDs[id]; n != nil {
		return strings.TrimSpace(Text(n))
	}
	return ""
}

// Text is the text under n, as a reader sees it (markup removed, entities
// decoded).
func Text(n *html.Node) string {
	var b strings.Builder
	Walk(n, func(c *html.Node) {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	})
	return b.String()
}

// Walk calls f on n and every node under it, in document order.
func Walk(n *html.Node, f func(*html.Node)) {
	f(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		Walk(c, f)
	}
}

package targets

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/mushbdd/mush/internal/config"
)

var update = flag.Bool("update", false, "rewrite the targets' parameters from config.Vars")

// Every target's parameters are the flags config.Vars declares for it, in
// its order, each with its variable's help as the comment `mage -h` shows,
// and the target passes them on in that order. -update rewrites the
// parameter lists from config.Vars.
func TestTargetsTakeTheDeclaredFlags(t *testing.T) {
	for _, file := range []string{"targets.go", "shards.go"} {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		want, err := withDeclaredFlags(t, src)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Equal(src, want) {
			continue
		}
		if !*update {
			t.Errorf("%s: a target's parameters differ from config.Vars; run go test ./magefiles/targets -update", file)
			continue
		}
		if err := os.WriteFile(file, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// withDeclaredFlags is src with each target's parameter list written from
// config.Vars, gofmt'd.
func withDeclaredFlags(t *testing.T, src []byte) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	var out []byte
	done := 0
	docs := map[string]string{}
	defer func() { checkVariables(t, docs) }()
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Recv != nil || !fn.Name.IsExported() {
			continue
		}
		r, size := utf8.DecodeRuneInString(fn.Name.Name)
		name := string(unicode.ToLower(r)) + fn.Name.Name[size:]
		target := config.TargetOf(name)
		if target == 0 {
			t.Errorf("%s: no such target in config.Targets", name)
			continue
		}
		vars := config.FlagVars(target)
		var params strings.Builder
		params.WriteString("(ctx context.Context,\n")
		var names []string
		for _, v := range vars {
			fmt.Fprintf(&params, "\t%s *string, // %s\n", v.Flag, v.FlagHelp())
			names = append(names, v.Flag)
		}
		params.WriteString(")")
		open, end := fset.Position(fn.Type.Params.Opening).Offset, fset.Position(fn.Type.Params.Closing).Offset+1
		out = append(append(out, src[done:open]...), params.String()...)
		done = end
		if got := passed(fn); strings.Join(got, ",") != strings.Join(names, ",") {
			t.Errorf("%s passes %v to Default.run, want %v", name, got, names)
		}
		docs[name] = fn.Doc.Text()
	}
	return format.Source(append(out, src[done:]...))
}

// passed lists the flags fn passes to Default.run, after its context and
// target name.
func passed(fn *ast.FuncDecl) []string {
	var names []string
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) < 2 {
			return true
		}
		for _, a := range call.Args[2:] {
			if id, ok := a.(*ast.Ident); ok {
				names = append(names, id.Name)
			}
		}
		return false
	})
	return names
}

// A setting mush does not declare is refused before anything runs.
func TestOptionsRefuseUnknownSettings(t *testing.T) {
	err := Options{Set: map[string]string{"BDD_WROKERS": "2"}}.UnitTests(context.Background())
	mage, ok := err.(interface{ ExitStatus() int })
	if !ok || mage.ExitStatus() != 2 || !strings.Contains(err.Error(), "BDD_WROKERS is no setting of mush") {
		t.Fatalf("got %v", err)
	}
}

// checkVariables checks that the help of each target in docs names every
// variable without a flag that it reads; a target that runs the features
// may leave those to unitTests's help.
func checkVariables(t *testing.T, docs map[string]string) {
	for name, doc := range docs {
		for _, v := range config.Vars {
			target := config.TargetOf(name)
			if v.Flag != "" || v.Reads&target == 0 || strings.Contains(doc, v.Name) ||
				(v.Reads&config.Run != 0 && target&config.Run != 0 && strings.Contains(docs["unitTests"], v.Name)) {
				continue
			}
			t.Errorf("the help of %s does not name %s, which it reads", name, v.Name)
		}
	}
}

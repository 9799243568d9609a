package coverage

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"

	"golang.org/x/tools/cover"

	"github.com/mushbdd/mush/internal/atomicfile"
)

// This file computes, for a Go file that no profile mentions, the blocks
// that cmd/cover would have instrumented, so that the file enters the
// denominator with exactly the statements `go test -coverprofile` would have
// reported for it. It follows cmd/cover (Go 1.26, src/cmd/cover/cover.go:
// Visit, addCounters, statementBoundary, endsBasicSourceBlock) decision for
// decision, quirks included (a labeled simple statement counts three
// statements there, so it does here). The tests compare the result block by
// block with a real `go test -coverprofile` run.
//
// Not reproduced: cmd/cover's dedup of blocks with identical positions, which
// only //line directives can produce.

// fileBlocks parses the Go file at path and returns its coverage blocks, in
// source order, all with count 0.
func fileBlocks(path string) ([]cover.ProfileBlock, error) {
	src, err := atomicfile.ReadFile(path, atomicfile.MaxRecordSize)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	v := &blockFinder{fset: fset, file: fset.File(f.Pos()), src: src}
	ast.Walk(v, f)
	return v.blocks, nil
}

// blockFinder walks a file the way cmd/cover's File.Visit does.
type blockFinder struct {
	fset   *token.FileSet
	file   *token.File
	src    []byte
	blocks []cover.ProfileBlock
}

// Visit implements ast.Visitor.
func (v *blockFinder) Visit(node ast.Node) ast.Visitor {
	switch n := node.(type) {
	case *ast.BlockStmt:
		// The body of a switch or select: one list per clause.
		if len(n.List) > 0 {
			switch n.List[0].(type) {
			case *ast.CaseClause:
				for _, s := range n.List {
					c := s.(*ast.CaseClause)
					v.addCounters(c.Colon+1, c.Colon+1, c.End(), c.Body, false)
				}
				return v
			case *ast.CommClause:
				for _, s := range n.List {
					c := s.(*ast.CommClause)
					v.addCounters(c.Colon+1, c.Colon+1, c.End(), c.Body, false)
				}
				return v
			}
		}
		v.addCounters(n.Lbrace, n.Lbrace+1, n.Rbrace+1, n.List, true)
	case *ast.IfStmt:
		if n.Init != nil {
			ast.Walk(v, n.Init)
		}
		ast.Walk(v, n.Cond)
		ast.Walk(v, n.Body)
		if n.Else == nil {
			return nil
		}
		// cmd/cover wraps the else branch in a block that starts right
		// after the "else" keyword, so that "else if" gets a counter.
		pos := v.file.Pos(v.elseOffset(v.file.Offset(n.Body.End())) + len("else"))
		switch e := n.Else.(type) {
		case *ast.IfStmt:
			ast.Walk(v, &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{e}, Rbrace: e.End()})
		case *ast.BlockStmt:
			ast.Walk(v, &ast.BlockStmt{Lbrace: pos, List: e.List, Rbrace: e.Rbrace})
		}
		return nil
	case *ast.SelectStmt:
		if len(n.Body.List) == 0 {
			return nil
		}
	case *ast.SwitchStmt:
		if len(n.Body.List) == 0 {
			if n.Init != nil {
				ast.Walk(v, n.Init)
			}
			if n.Tag != nil {
				ast.Walk(v, n.Tag)
			}
			return nil
		}
	case *ast.TypeSwitchStmt:
		if len(n.Body.List) == 0 {
			if n.Init != nil {
				ast.Walk(v, n.Init)
			}
			ast.Walk(v, n.Assign)
			return nil
		}
	case *ast.FuncDecl:
		// Functions named _ cannot run; bodyless ones have no statements.
		if n.Name.Name == "_" || n.Body == nil {
			return nil
		}
		ast.Walk(v, n.Body)
		return nil
	case *ast.FuncLit:
		ast.Walk(v, n.Body)
		return nil
	}
	return v
}

// elseOffset returns the offset of the "else" keyword that follows offset
// off, skipping the block comments that may stand between "}" and "else".
func (v *blockFinder) elseOffset(off int) int {
	for !bytes.HasPrefix(v.src[off:], []byte("else")) {
		if bytes.HasPrefix(v.src[off:], []byte("/*")) {
			off += bytes.Index(v.src[off:], []byte("*/")) + len("*/")
			continue
		}
		off++
	}
	return off
}

// addCounters splits a statement list into basic blocks and records one
// block per basic block, like cmd/cover's addCounters.
func (v *blockFinder) addCounters(pos, insertPos, blockEnd token.Pos, list []ast.Stmt, extendToClosingBrace bool) {
	if len(list) == 0 {
		v.add(insertPos, blockEnd, 0)
		return
	}
	list = append([]ast.Stmt(nil), list...)
	for {
		var last int
		end := blockEnd
		for last = 0; last < len(list); last++ {
			stmt := list[last]
			end = statementBoundary(stmt)
			if endsBasicSourceBlock(stmt) {
				// A label may be the target of a goto: cmd/cover moves
				// a non-control labeled statement into a block of its own.
				if label, ok := stmt.(*ast.LabeledStmt); ok && !isControl(label.Stmt) {
					newLabel := *label
					newLabel.Stmt = &ast.EmptyStmt{Semicolon: label.Stmt.Pos(), Implicit: true}
					end = label.Pos()
					list[last] = &newLabel
					list = append(list, nil)
					copy(list[last+1:], list[last:])
					list[last+1] = label.Stmt
				}
				last++
				extendToClosingBrace = false
				break
			}
		}
		if extendToClosingBrace {
			end = blockEnd
		}
		if pos != end {
			v.add(pos, end, last)
		}
		list = list[last:]
		if len(list) == 0 {
			return
		}
		pos = list[0].Pos()
	}
}

// add records a block from start to end holding numStmt statements.
func (v *blockFinder) add(start, end token.Pos, numStmt int) {
	s, e := v.fset.Position(start), v.fset.Position(end)
	v.blocks = append(v.blocks, cover.ProfileBlock{
		StartLine: s.Line, StartCol: s.Column,
		EndLine: e.Line, EndCol: e.Column,
		NumStmt: numStmt,
	})
}

// statementBoundary returns where the basic block that s belongs to ends in
// the source, like cmd/cover's statementBoundary.
func statementBoundary(s ast.Stmt) token.Pos {
	switch s := s.(type) {
	case *ast.BlockStmt:
		return s.Lbrace
	case *ast.IfStmt:
		return firstFuncLit(s.Body.Lbrace, s.Init, s.Cond)
	case *ast.ForStmt:
		return firstFuncLit(s.Body.Lbrace, s.Init, s.Cond, s.Post)
	case *ast.LabeledStmt:
		return statementBoundary(s.Stmt)
	case *ast.RangeStmt:
		return firstFuncLit(s.Body.Lbrace, s.X)
	case *ast.SwitchStmt:
		return firstFuncLit(s.Body.Lbrace, s.Init, s.Tag)
	case *ast.SelectStmt:
		return s.Body.Lbrace
	case *ast.TypeSwitchStmt:
		return firstFuncLit(s.Body.Lbrace, s.Init)
	}
	return firstFuncLit(s.End(), s)
}

// endsBasicSourceBlock reports whether s changes the flow of control or
// holds a function literal, like cmd/cover's endsBasicSourceBlock.
func endsBasicSourceBlock(s ast.Stmt) bool {
	switch s := s.(type) {
	case *ast.BlockStmt, *ast.BranchStmt, *ast.ForStmt, *ast.IfStmt, *ast.LabeledStmt,
		*ast.RangeStmt, *ast.SwitchStmt, *ast.SelectStmt, *ast.TypeSwitchStmt:
		return true
	case *ast.ExprStmt:
		// A call of panic; without type checking, any function so named.
		if call, ok := s.X.(*ast.CallExpr); ok {
			if ident, ok := call.Fun.(*ast.Ident); ok && ident.Name == "panic" && len(call.Args) == 1 {
				return true
			}
		}
	}
	return firstFuncLit(token.NoPos, s) != token.NoPos
}

// isControl reports whether s is a control statement that, when labeled,
// cannot be separated from its label.
func isControl(s ast.Stmt) bool {
	switch s.(type) {
	case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.SelectStmt, *ast.TypeSwitchStmt:
		return true
	}
	return false
}

// firstFuncLit returns the position of the opening brace of the body of the
// first function literal in nodes (nil nodes are skipped), or otherwise.
func firstFuncLit(otherwise token.Pos, nodes ...ast.Node) token.Pos {
	for _, n := range nodes {
		if n == nil {
			continue
		}
		found := token.NoPos
		ast.Inspect(n, func(n ast.Node) bool {
			if lit, ok := n.(*ast.FuncLit); ok && found == token.NoPos {
				found = lit.Body.Lbrace
			}
			return found == token.NoPos
		})
		if found != token.NoPos {
			return found
		}
	}
	return otherwise
}

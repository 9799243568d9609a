package runner

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"unsafe"

	"github.com/cucumber/godog"
	"github.com/cucumber/godog/formatters"
	messages "github.com/cucumber/messages/go/v34"

	"github.com/mushbdd/mush/internal/config"
	"github.com/mushbdd/mush/internal/result"
)

// stepDef is one step definition of the suite as godog registered it,
// with the step keyword it is limited to (sc.Given/When/Then;
// formatters.None for sc.Step).
type stepDef struct {
	result.Definition
	keyword formatters.Keyword
	expr    *regexp.Regexp
}

// errGodogShape is the refusal of a godog whose internals are not the shape
// stepDefs reads.
var errGodogShape = errors.New("cannot read the step definitions from this godog version (mush reads v0.16's)")

// stepDefs registers the suite's step definitions as godog does for a run,
// running no hook, and returns them in order. godog keeps them unexported
// (its -definitions flag reads them): they are read by reflection, so a
// godog of another shape gives errGodogShape, never a wrong list.
func stepDefs(s Suite, dir string) (defs []stepDef, err error) {
	sc, ts := &godog.ScenarioContext{}, &godog.TestSuiteContext{}
	suite, ok := newSuite(reflect.ValueOf(sc).Elem(), reflect.ValueOf(ts).Elem())
	if !ok {
		return nil, errGodogShape
	}
	defer func() {
		if p := recover(); p != nil {
			defs, err = nil, fmt.Errorf("registering the step definitions: %v", p)
		}
	}()
	if s.TestSuiteInitializer != nil {
		s.TestSuiteInitializer(ts)
	}
	if s.ScenarioInitializer != nil {
		s.ScenarioInitializer(sc)
	}
	steps := suite.FieldByName("steps")
	if !steps.IsValid() || steps.Kind() != reflect.Slice {
		return nil, errGodogShape
	}
	steps = writable(steps)
	for i := range steps.Len() {
		d := steps.Index(i).Elem()
		expr, ok1 := field[*regexp.Regexp](d, "Expr")
		kw, ok2 := field[formatters.Keyword](d, "Keyword")
		file, ok3 := field[string](d, "File")
		line, ok4 := field[int](d, "Line")
		if !ok1 || !ok2 || !ok3 || !ok4 || expr == nil {
			return nil, errGodogShape
		}
		defs = append(defs, stepDef{Definition: result.Definition{Pattern: expr.String(), File: config.Shown(dir, file), Line: line}, keyword: kw, expr: expr})
	}
	return defs, nil
}

// newSuite gives each context's unexported suite pointer one new suite,
// and returns that suite (addressable).
func newSuite(contexts ...reflect.Value) (reflect.Value, bool) {
	var suite reflect.Value
	for _, c := range contexts {
		f := c.FieldByName("suite")
		if !f.IsValid() || f.Kind() != reflect.Pointer || f.Type().Elem().Kind() != reflect.Struct {
			return reflect.Value{}, false
		}
		if !suite.IsValid() {
			suite = reflect.New(f.Type().Elem())
		}
		if suite.Type() != f.Type() {
			return reflect.Value{}, false
		}
		writable(f).Set(suite)
	}
	return suite.Elem(), true
}

// writable is v (an addressable field, exported or not) without the
// read-only mark of unexported fields.
func writable(v reflect.Value) reflect.Value {
	return reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
}

// field reads the field name of struct v as a T.
func field[T any](v reflect.Value, name string) (T, bool) {
	var zero T
	if v.Kind() != reflect.Struct {
		return zero, false
	}
	f := v.FieldByName(name)
	if !f.IsValid() || !f.CanInterface() {
		return zero, false
	}
	t, ok := f.Interface().(T)
	return t, ok
}

// matches lists the definitions that match a step's text and type, as godog
// matches them: by regular expression, limited by the keyword a definition
// was registered with. More than one is an ambiguous step (mush is strict).
func matches(defs []stepDef, text string, typ messages.PickleStepType) []stepDef {
	var out []stepDef
	for _, d := range defs {
		if d.expr.MatchString(text) && keywordMatches(d.keyword, typ) {
			out = append(out, d)
		}
	}
	return out
}

// keywordMatches is godog's: a definition of sc.Given matches only a
// context step, and so on; sc.Step's match any.
func keywordMatches(k formatters.Keyword, typ messages.PickleStepType) bool {
	switch {
	case k == formatters.None:
		return true
	case typ == messages.PickleStepType_CONTEXT:
		return k == formatters.Given
	case typ == messages.PickleStepType_ACTION:
		return k == formatters.When
	case typ == messages.PickleStepType_OUTCOME:
		return k == formatters.Then
	}
	return true
}

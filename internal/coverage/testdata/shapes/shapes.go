// Package shapes holds every statement shape cmd/cover treats specially.
// Nothing runs it: the coverage tests compare the blocks they compute for
// it with the blocks `go test -coverprofile` reports.
package shapes

import (
	"errors"
	"fmt"
	"strings"
)

// Double is a package-level function literal.
var Double = func(x int) int {
	y := x * 2
	return y
}

var table = map[string]func() int{
	"one": func() int { return 1 },
	"two": func() int {
		n := 1
		n++
		return n
	},
}

// Shape is a type with methods.
type Shape struct{ n int }

// Grow has a pointer receiver.
func (s *Shape) Grow() { s.n++ }

// Size has a value receiver.
func (s Shape) Size() int { return s.n }

// Empty does nothing.
func Empty() {}

func _() {
	fmt.Println("never compiled into a counter")
}

// Max is generic.
func Max[T int | float64](a, b T) T {
	if a > b {
		return a
	}
	return b
}

// Branches has if, else if, else and a commented else.
func Branches(x int) string {
	if x < 0 {
		return "negative"
	} else if x == 0 {
		return "zero"
	} else if y := x * 2; y > 10 {
		return "big"
	} else /* an else in a comment */ {
		x++
	}
	if err := check(x); err != nil {
		return err.Error()
	}
	if f := func() bool { return x > 3 }; f() {
		x--
	}
	if func() bool { return x > 4 }() {
		x--
	}
	return fmt.Sprint(x)
}

func check(x int) error {
	if x > 100 {
		return errors.New("too big")
	}
	return nil
}

// Loops has every loop.
func Loops(xs []int) (sum int) {
	for i := 0; i < len(xs); i++ {
		sum += xs[i]
	}
	for sum > 100 {
		sum /= 2
	}
	for {
		sum++
		if sum%7 == 0 {
			break
		}
		continue
	}
	for _, x := range xs {
		sum += x
	}
	for range func() []int { return xs }() {
		sum++
	}
	for i := func() int { return 0 }(); i < 2; i++ {
		sum++
	}
	for i := 0; i < func() int { return 2 }(); i++ {
		sum++
	}
	for i := 0; i < 2; i = func() int { return i + 1 }() {
		sum++
	}
	for i := range 3 {
		sum += i
	}
	return sum
}

// Switches has switch, type switch, fallthrough and empty forms.
func Switches(v any, n int) string {
	switch {
	}
	switch n := n * 2; n {
	}
	switch v.(type) {
	}
	switch w := v; w.(type) {
	}
	switch n {
	case 1:
		n++
		fallthrough
	case 2:
	case 3, 4:
		return "three or four"
	default:
		n--
	}
	switch f := func() int { return n }; f() {
	case 1:
		return "one"
	}
	switch func() int { return n }() {
	case 2:
		return "two"
	}
	switch x := v.(type) {
	case int:
		return fmt.Sprint(x + 1)
	case string:
		return strings.ToUpper(x)
	case nil:
	default:
		_ = x
	}
	switch f := func() any { return v }; f().(type) {
	case bool:
		return "bool"
	}
	return ""
}

// Selects has select statements.
func Selects(a, b chan int) int {
	select {
	case x := <-a:
		return x
	case b <- 1:
		b <- 2
	default:
	}
	select {
	case <-a:
	}
	if a == nil {
		select {}
	}
	return 0
}

// Labels has labeled statements and goto.
func Labels(n int) int {
start:
	n++
	if n < 3 {
		goto start
	}
outer:
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if j > i {
				continue outer
			}
			if j == 5 {
				break outer
			}
		}
	}
	x := 0
again:
	x++
	if x < 2 {
		goto again
	}
	goto done
done:
	return n + x
}

// Misc has defer, go, panic, blocks, sends and declarations.
func Misc(ch chan int) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	defer fmt.Println("deferred")
	go func() {
		ch <- 1
	}()
	var a, b = 1, 2
	const c = 3
	type local struct{ v int }
	l := local{v: a + b + c}
	{
		l.v++
		{
			l.v--
		}
	}
	ch <- l.v
	a, b = b, a
	b--
	f := func(x int) int {
		g := func() int { return x }
		return g()
	}
	_ = f(a)
	if l.v > 10 {
		panic("too big")
	}
	panic(errors.New("always"))
}

// Dead has statements after a return.
func Dead() int {
	return 1
	fmt.Println("dead")
	return 2
}

// Nested closures inside closures.
func Nested() func() func() int {
	return func() func() int {
		x := 1
		return func() int {
			x++
			return x
		}
	}
}

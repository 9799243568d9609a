package coverage

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestModulePackages(t *testing.T) {
	tests := []struct {
		name    string
		files   map[string]string
		env     map[string]string
		want    []string // import paths
		wantErr string
	}{
		{
			name: "excluded prefixes and test-only packages are left out",
			files: map[string]string{
				"go.mod":                      "module example.com/m\n\ngo 1.24.0\n",
				"m.go":                        "package m\n",
				"lib/lib.go":                  "package lib\n",
				"onlytests/x_test.go":         "package onlytests\n",
				"features/steps/steps.go":     "package steps\n",
				"featuresque/f.go":            "package featuresque\n",
				"internal/fixtures/f.go":      "package fixtures\n",
				"internal/fixtures/sub/s.go":  "package sub\n",
				"magefiles/magefile.go":       "//go:build mage\n\npackage main\n",
				"scripts/bench/main.go":       "package main\n",
				"internal/fixturesx/keep.go":  "package fixturesx\n",
				"testdata/ignored/ignored.go": "package ignored\n",
			},
			want: []string{"example.com/m", "example.com/m/featuresque", "example.com/m/internal/fixturesx", "example.com/m/lib"},
		},
		{
			name:    "not in a module",
			files:   map[string]string{"a.go": "package a\n"},
			wantErr: "does not contain main module",
		},
		{
			name:    "a module without packages",
			files:   map[string]string{"go.mod": "module example.com/m\n"},
			wantErr: "no Go packages in",
		},
		{
			name:    "GOPATH mode",
			files:   map[string]string{"a.go": "package a\n"},
			env:     map[string]string{"GO111MODULE": "off"},
			wantErr: "is not in a module",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			dir := t.TempDir()
			writeFiles(t, dir, tc.files)
			module, pkgs, err := modulePackages(context.Background(), dir)
			checkErr(t, err, tc.wantErr)
			if tc.wantErr != "" {
				return
			}
			if module != "example.com/m" {
				t.Errorf("module = %q", module)
			}
			got := strings.Split(CoverPkgFlag(module, pkgs), ",")
			if !slices.Equal(got, tc.want) {
				t.Errorf("packages = %q, want %q", got, tc.want)
			}
			if pkgs[0].Dir != dir || !slices.Equal(pkgs[0].GoFiles, []string{"m.go"}) {
				t.Errorf("root package: %+v", pkgs[0])
			}
		})
	}
}

func TestCoverPkgFlag(t *testing.T) {
	tests := []struct {
		name string
		pkgs []string
		want string
	}{
		{"root and sub packages", []string{"example.com/m", "example.com/m/a", "example.com/m/b/c"}, "example.com/m,example.com/m/a,example.com/m/b/c"},
		{"other modules left out", []string{"example.com/m/a", "example.com/mx", "other.org/x"}, "example.com/m/a"},
		{"nothing", nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var pkgs []Package
			for _, p := range tc.pkgs {
				pkgs = append(pkgs, Package{ImportPath: p, Dir: filepath.FromSlash("/src/" + p)})
			}
			if got := CoverPkgFlag("example.com/m", pkgs); got != tc.want {
				t.Errorf("CoverPkgFlag = %q, want %q", got, tc.want)
			}
			flags := BuildFlags("example.com/m", pkgs)
			if want := []string{"-cover", "-covermode=atomic", "-coverpkg=" + tc.want}; !slices.Equal(flags, want) {
				t.Errorf("BuildFlags = %q, want %q", flags, want)
			}
			if len(pkgs) > 0 {
				if again := BuildFlags("example.com/m", pkgs, pkgs[0].ImportPath); again[2] != "-coverpkg="+tc.want {
					t.Errorf("a main package already listed is listed again: %q", again[2])
				}
			}
			flags = BuildFlags("example.com/m", pkgs, "example.com/m/cmd")
			if want := "-coverpkg=" + strings.TrimPrefix(tc.want+",example.com/m/cmd", ","); flags[2] != want {
				t.Errorf("BuildFlags with a main package = %q, want %q", flags[2], want)
			}
		})
	}
}

func TestIsExcluded(t *testing.T) {
	tests := []struct {
		name string
		pkg  string
		want bool
	}{
		{"a listed package", "example.com/m/features", true},
		{"below a listed package", "example.com/m/internal/fixtures/deep/er", true},
		{"a longer name that shares a prefix", "example.com/m/featuresque", false},
		{"the root package", "example.com/m", false},
		{"another module", "other.org/x/features", false},
		{"a module whose path extends ours", "example.com/mx/features", false},
	}
	if !isExcluded("example.com/m", "example.com/m/tools/gen", []string{"example.com/m/tools"}) {
		t.Error("an exclusion given as an import path of the module does not match")
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := isExcluded("example.com/m", tc.pkg, testExcluded); got != tc.want {
				t.Errorf("isExcluded(%q) = %v, want %v", tc.pkg, got, tc.want)
			}
		})
	}
}

func TestListPackagesWithExclusions(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"go.mod":              "module example.com/m\n\ngo 1.24.0\n",
		"m.go":                "package m\n",
		"lib/lib.go":          "package lib\n",
		"features/f.go":       "package main\n",
		"tools/gen/gen.go":    "package main\n",
		"tools/lint/lint.go":  "package main\n",
		"internal/x/x.go":     "package x\n",
		"internal/xy/keep.go": "package xy\n",
	})
	module, pkgs, unmatched, err := ListPackages(context.Background(), dir, []string{"tools", "example.com/m/internal/x", "nothere"})
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Split(CoverPkgFlag(module, pkgs), ",")
	if want := []string{"example.com/m", "example.com/m/features", "example.com/m/internal/xy", "example.com/m/lib"}; !slices.Equal(got, want) {
		t.Errorf("packages = %q, want %q", got, want)
	}
	if !slices.Equal(unmatched, []string{"nothere"}) {
		t.Errorf("unmatched = %q, want [nothere]", unmatched)
	}
}

package coverage

// Stats counts statements: how many there are and how many ran.
type Stats struct {
	Statements, Covered int64
}

// Percent is the covered share in percent, exact as float64 can be; 0 when
// there are no statements. Display it with FormatPercent, compare it only
// through Gate.
func (s Stats) Percent() float64 {
	if s.Statements == 0 {
		return 0
	}
	return float64(s.Covered) * 100 / float64(s.Statements)
}

// Uncovered is the number of statements that never ran.
func (s Stats) Uncovered() int64 { return s.Statements - s.Covered }

func (s *Stats) add(o Stats) {
	s.Statements += o.Statements
	s.Covered += o.Covered
}

// FileStats is the coverage of one file. File is named as in profiles: the
// package import path, a slash, the base name.
type FileStats struct {
	File string
	Stats
}

// PackageStats is the coverage of one package and of each of its files
// (sorted by name). A package whose files hold no statements is listed with
// zero statements.
type PackageStats struct {
	Package string
	Stats
	Files []FileStats
}

// Report is the outcome of a coverage run: what Gate judges and what the
// writers print.
type Report struct {
	Total Stats
	// Threshold is the required coverage in percent (COVERAGE_THRESHOLD),
	// set by the caller.
	Threshold float64
	// Packages are sorted by import path.
	Packages []PackageStats
	// Module is the module path, Root the module's directory (where
	// import-path file names resolve to sources); both are set by Merge.
	Module, Root string
}

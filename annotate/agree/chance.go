package agree

import (
	"maps"
	"math"
	"slices"
)

// Kappa accumulates Cohen's kappa between two annotators over paired tags.
type Kappa struct {
	n    int
	same int
	rowA map[string]int // how often A gave each tag
	rowB map[string]int
}

// Add adds paired tags a[i], b[i]; the slices have equal length.
func (k *Kappa) Add(a, b []string) {
	if k.rowA == nil {
		k.rowA, k.rowB = map[string]int{}, map[string]int{}
	}
	for i := range a {
		k.n++
		if a[i] == b[i] {
			k.same++
		}
		k.rowA[a[i]]++
		k.rowB[b[i]]++
	}
}

// KappaResult is Cohen's kappa with its parts.
type KappaResult struct {
	N        int   `json:"n"`        // paired tokens
	Observed Score `json:"observed"` // Po
	Expected Score `json:"expected"` // Pe
	Kappa    Score `json:"kappa"`
}

// Result computes kappa (see the package documentation for Pe = 1).
func (k *Kappa) Result() KappaResult {
	if k.n == 0 {
		return KappaResult{Observed: Undefined, Expected: Undefined, Kappa: Undefined}
	}
	n := float64(k.n)
	po := float64(k.same) / n
	pe := 0.0
	for _, tag := range slices.Sorted(maps.Keys(k.rowA)) {
		pe += float64(k.rowA[tag]) / n * float64(k.rowB[tag]) / n
	}
	r := KappaResult{N: k.n, Observed: Score(po), Expected: Score(pe)}
	if k.onlyOneTag() {
		r.Expected, r.Kappa = 1, 1
		return r
	}
	r.Kappa = Score((po - pe) / (1 - pe))
	return r
}

// onlyOneTag reports whether both annotators used one and the same tag for
// every token, which is exactly when Pe = 1.
func (k *Kappa) onlyOneTag() bool {
	if len(k.rowA) != 1 || len(k.rowB) != 1 {
		return false
	}
	for tag := range k.rowA {
		return k.rowB[tag] > 0
	}
	return false
}

// Alpha accumulates Krippendorff's alpha for nominal data: a coincidence
// matrix over units, each unit the values several coders gave it.
type Alpha struct {
	o map[[2]string]float64 // coincidences o_ck
}

// AddUnit adds one unit: the tags of the coders who saw it. A unit with
// fewer than two values is not pairable and adds nothing.
func (a *Alpha) AddUnit(values []string) {
	m := len(values)
	if m < 2 {
		return
	}
	if a.o == nil {
		a.o = map[[2]string]float64{}
	}
	w := 1 / float64(m-1)
	for i, c := range values {
		for j, k := range values {
			if i != j {
				a.o[[2]string{c, k}] += w
			}
		}
	}
}

// AlphaResult is Krippendorff's alpha with its parts.
type AlphaResult struct {
	Pairable int   `json:"pairable"` // n: values in pairable units
	Observed Score `json:"observed"` // Do = D / n
	Expected Score `json:"expected"` // De = E / (n (n-1))
	Alpha    Score `json:"alpha"`
}

// Result computes alpha (see the package documentation for E = 0).
func (a *Alpha) Result() AlphaResult {
	var n float64
	nc := map[string]float64{}
	var d float64
	for _, ck := range slices.SortedFunc(maps.Keys(a.o), compareKeys) {
		v := a.o[ck]
		n += v
		nc[ck[0]] += v
		if ck[0] != ck[1] {
			d += v
		}
	}
	if n == 0 {
		return AlphaResult{Observed: Undefined, Expected: Undefined, Alpha: Undefined}
	}
	var e float64
	tags := slices.Sorted(maps.Keys(nc))
	for _, c := range tags {
		for _, k := range tags {
			if c != k {
				e += nc[c] * nc[k]
			}
		}
	}
	r := AlphaResult{Pairable: int(math.Round(n)), Observed: Score(d / n)}
	if n > 1 {
		r.Expected = Score(e / (n * (n - 1)))
	} else {
		r.Expected = Undefined
	}
	if e == 0 {
		r.Alpha = 1
		return r
	}
	r.Alpha = Score(1 - (n-1)*d/e)
	return r
}

func compareKeys(x, y [2]string) int {
	if x[0] != y[0] {
		if x[0] < y[0] {
			return -1
		}
		return 1
	}
	switch {
	case x[1] < y[1]:
		return -1
	case x[1] > y[1]:
		return 1
	}
	return 0
}

package agree

import (
	"maps"
	"math"
	"slices"
	"strings"
)

// Kappa accumulates Cohen's kappa between two annotators over paired tags.
type Kappa struct {
	n     int
	same  int
	bothO int            // tokens both tagged O, not in rowA and rowB
	rowA  map[string]int // how often A gave each tag
	rowB  map[string]int
}

// Add adds paired tags a[i], b[i]; the slices have equal length.
func (k *Kappa) Add(a, b []string) {
	if k.rowA == nil {
		k.rowA, k.rowB = map[string]int{}, map[string]int{}
	}
	k.n += len(a)
	for i := range a {
		if a[i] == b[i] {
			k.same++
			if a[i] == O {
				k.bothO++ // the common case, counted without the maps
				continue
			}
		}
		k.rowA[a[i]]++
		k.rowB[b[i]]++
	}
}

// merge adds the tags counted by o to k.
func (k *Kappa) merge(o *Kappa) {
	if k.rowA == nil {
		k.rowA, k.rowB = map[string]int{}, map[string]int{}
	}
	k.n += o.n
	k.same += o.same
	k.bothO += o.bothO
	for t, n := range o.rowA {
		k.rowA[t] += n
	}
	for t, n := range o.rowB {
		k.rowB[t] += n
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
	tags := slices.Sorted(maps.Keys(k.rowA))
	if !slices.Contains(tags, O) {
		tags = append(tags, O)
	}
	for _, tag := range tags {
		a, b := k.rowA[tag], k.rowB[tag]
		if tag == O {
			a, b = a+k.bothO, b+k.bothO
		}
		pe += float64(a) / n * float64(b) / n
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
	if k.bothO > 0 {
		return len(k.rowA) == 0 && len(k.rowB) == 0
	}
	if len(k.rowA) != 1 || len(k.rowB) != 1 {
		return false
	}
	for tag := range k.rowA {
		return k.rowB[tag] > 0
	}
	return false
}

// Alpha accumulates Krippendorff's alpha for nominal data: a coincidence
// matrix over units, each unit the values several coders gave it. Units
// are counted by their sorted values, so the many alike (all O) cost one
// map lookup each.
type Alpha struct {
	allO    map[int]int     // units of m values all O: m → how many
	units   map[string]*int // other units: sorted values joined by NUL → how many
	scratch []string
	key     []byte
}

// AddUnit adds one unit: the tags of the coders who saw it. A unit with
// fewer than two values is not pairable and adds nothing.
func (a *Alpha) AddUnit(values []string) {
	if len(values) < 2 {
		return
	}
	if a.units == nil {
		a.units, a.allO = map[string]*int{}, map[int]int{}
	}
	if !slices.ContainsFunc(values, func(v string) bool { return v != O }) {
		a.allO[len(values)]++
		return
	}
	a.scratch = append(a.scratch[:0], values...)
	slices.Sort(a.scratch)
	a.key = a.key[:0]
	for i, v := range a.scratch {
		if i > 0 {
			a.key = append(a.key, 0)
		}
		a.key = append(a.key, v...)
	}
	if n, ok := a.units[string(a.key)]; ok {
		*n++
		return
	}
	n := 1
	a.units[string(a.key)] = &n
}

// merge adds the units counted by o to a.
func (a *Alpha) merge(o *Alpha) {
	if o.units != nil && a.units == nil {
		a.units, a.allO = map[string]*int{}, map[int]int{}
	}
	for m, n := range o.allO {
		a.allO[m] += n
	}
	for key, n := range o.units {
		if m, ok := a.units[key]; ok {
			*m += *n
			continue
		}
		c := *n
		a.units[key] = &c
	}
}

// coincidences returns the matrix o_ck: every ordered pair of values of
// different coders in a unit of m values adds 1/(m-1).
func (a *Alpha) coincidences() map[[2]string]float64 {
	o := map[[2]string]float64{}
	for m, n := range a.allO {
		// m(m-1) ordered pairs of weight 1/(m-1) per unit.
		o[[2]string{O, O}] += float64(n * m)
	}
	for _, key := range slices.Sorted(maps.Keys(a.units)) {
		values := strings.Split(key, "\x00")
		w := float64(*a.units[key]) / float64(len(values)-1)
		for i, c := range values {
			for j, k := range values {
				if i != j {
					o[[2]string{c, k}] += w
				}
			}
		}
	}
	return o
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
	o := a.coincidences()
	for _, ck := range slices.SortedFunc(maps.Keys(o), compareKeys) {
		v := o[ck]
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

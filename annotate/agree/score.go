package agree

import (
	"encoding/json"
	"math"
	"strconv"
)

// Score is a ratio in [0, 1] (kappa and alpha may go below 0). NaN means
// undefined (nothing to measure); it encodes as JSON null and prints as
// "n/a".
type Score float64

// Undefined is the Score of a ratio with nothing to measure.
var Undefined = Score(math.NaN())

// Defined reports whether s is a number.
func (s Score) Defined() bool { return !math.IsNaN(float64(s)) }

// String formats s with three decimals, or "n/a".
func (s Score) String() string {
	if !s.Defined() {
		return "n/a"
	}
	return strconv.FormatFloat(float64(s), 'f', 3, 64)
}

// MarshalJSON writes s rounded to four decimals, or null when undefined.
func (s Score) MarshalJSON() ([]byte, error) {
	if !s.Defined() || math.IsInf(float64(s), 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, math.Round(float64(s)*1e4)/1e4, 'f', -1, 64), nil
}

// UnmarshalJSON reads a number, or null as Undefined.
func (s *Score) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*s = Undefined
		return nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	*s = Score(f)
	return nil
}

// ratio returns num/den, or Undefined when den is 0.
func ratio(num, den float64) Score {
	if den == 0 {
		return Undefined
	}
	return Score(num / den)
}

// Counts are the outcome of matching a layer B against a reference A.
type Counts struct {
	TP int `json:"tp"` // matched pairs
	FP int `json:"fp"` // spans of B without a match
	FN int `json:"fn"` // spans of A without a match
}

// Add adds o to c.
func (c *Counts) Add(o Counts) {
	c.TP += o.TP
	c.FP += o.FP
	c.FN += o.FN
}

// Precision is TP / (TP + FP), undefined when B has no spans.
func (c Counts) Precision() Score { return ratio(float64(c.TP), float64(c.TP+c.FP)) }

// Recall is TP / (TP + FN), undefined when A has no spans.
func (c Counts) Recall() Score { return ratio(float64(c.TP), float64(c.TP+c.FN)) }

// F1 is 2TP / (2TP + FP + FN), the harmonic mean of precision and recall,
// undefined when neither layer has spans.
func (c Counts) F1() Score { return ratio(float64(2*c.TP), float64(2*c.TP+c.FP+c.FN)) }

// PRF is Counts with its precision, recall and F1, as reports show them.
type PRF struct {
	Counts
	Precision Score `json:"precision"`
	Recall    Score `json:"recall"`
	F1        Score `json:"f1"`
}

// PRF returns c with its ratios.
func (c Counts) PRF() PRF {
	return PRF{Counts: c, Precision: c.Precision(), Recall: c.Recall(), F1: c.F1()}
}

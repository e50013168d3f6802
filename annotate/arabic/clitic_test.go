package arabic

import (
	"bufio"
	"os"
	"slices"
	"strings"
	"testing"

	"alama/annotate"
)

// segCase is one line of a segmentation list.
type segCase struct {
	line       int
	word, want string // want: pieces joined by +
}

func readSegList(t *testing.T, path string) []segCase {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	var out []segCase
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		word, want, ok := strings.Cut(line, "\t")
		if !ok || strings.ReplaceAll(want, "+", "") != word {
			t.Fatalf("%s:%d: want word<TAB>pieces, the pieces spelling the word", path, n)
		}
		out = append(out, segCase{n, word, want})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// cutsOf returns the inner piece boundaries of a +-joined segmentation, as
// code-point offsets.
func cutsOf(seg string) []int {
	var out []int
	n := 0
	for _, p := range strings.Split(seg, "+") {
		n += annotate.RuneLen(p)
		out = append(out, n)
	}
	return out[:len(out)-1]
}

func joinPieces(ps []Piece) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.Text
	}
	return strings.Join(parts, "+")
}

// TestSegmentQuality measures boundary precision and recall and whole-word
// accuracy on the hand-checked lists, and fails if they fall below what the
// segmenter reaches today. The lexicon was written alongside the first list,
// so its figures are optimistic; the second list was written after the
// rules and gives a fairer estimate (see its header).
func TestSegmentQuality(t *testing.T) {
	tests := []struct {
		file                    string
		minP, minR, minAccuracy float64
	}{
		{"testdata/segmentation.tsv", 0.995, 0.995, 0.995},
		{"testdata/segmentation_heldout.tsv", 0.915, 0.98, 0.91},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			cases := readSegList(t, tc.file)
			var tp, predicted, gold, right int
			for _, c := range cases {
				got := joinPieces(Segment(c.word))
				if got == c.want {
					right++
				} else {
					t.Logf("%s:%d: %s → %s, want %s", tc.file, c.line, c.word, got, c.want)
				}
				g, w := cutsOf(got), cutsOf(c.want)
				predicted += len(g)
				gold += len(w)
				for _, b := range g {
					if slices.Contains(w, b) {
						tp++
					}
				}
			}
			p := float64(tp) / float64(predicted)
			r := float64(tp) / float64(gold)
			acc := float64(right) / float64(len(cases))
			t.Logf("%d words: boundary precision %.3f, recall %.3f, words right %.3f", len(cases), p, r, acc)
			if p < tc.minP || r < tc.minR || acc < tc.minAccuracy {
				t.Errorf("quality fell: precision %.3f (min %.2f), recall %.3f (min %.2f), accuracy %.3f (min %.2f)",
					p, tc.minP, r, tc.minR, acc, tc.minAccuracy)
			}
		})
	}
}

func TestSegment(t *testing.T) {
	tests := []struct {
		word string
		want []Piece
	}{
		{"وَالحُكُومَةُ", []Piece{{0, 2, "وَ", Proclitic}, {2, 4, "ال", Article}, {4, 13, "حُكُومَةُ", Stem}}},
		{"لِلْحُكُومَةِ", []Piece{{0, 4, "لِلْ", Article}, {4, 13, "حُكُومَةِ", Stem}}},
		{"حكومتها", []Piece{{0, 5, "حكومت", Stem}, {5, 7, "ها", Suffix}}},
		{"بـالقاعدة", []Piece{{0, 2, "بـ", Proclitic}, {2, 4, "ال", Article}, {4, 9, "قاعدة", Stem}}},
		{"وزير", []Piece{{0, 4, "وزير", Stem}}},
		{"COVID", []Piece{{0, 5, "COVID", Stem}}},
		{"و", []Piece{{0, 1, "و", Stem}}},
		{"َ", []Piece{{0, 1, "َ", Stem}}},
		{"", nil},
	}
	for _, tc := range tests {
		t.Run(tc.word, func(t *testing.T) {
			if got := Segment(tc.word); !slices.Equal(got, tc.want) {
				t.Errorf("Segment(%q) = %v, want %v", tc.word, got, tc.want)
			}
		})
	}
}

func TestCliticBoundaries(t *testing.T) {
	text := "🙂 وَالحُكُومَةُ، حكومتها"
	tests := []struct {
		name       string
		start, end int
		want       []int
	}{
		{"one word", 2, 15, []int{2, 4, 6, 15}},
		{"word and comma", 2, 16, []int{2, 4, 6, 15, 16}},
		{"suffix", 17, 24, []int{17, 22, 24}},
		{"whole line", 0, 24, []int{0, 1, 2, 4, 6, 15, 16, 17, 22, 24}},
		{"empty", 5, 5, []int{5}},
		{"reversed", 6, 5, nil},
		{"out of range", 0, 99, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := CliticBoundaries(text, tc.start, tc.end)
			if !slices.Equal(got, tc.want) {
				t.Errorf("CliticBoundaries(%d, %d) = %v, want %v", tc.start, tc.end, got, tc.want)
			}
			o := annotate.NewOffsets(text)
			for _, b := range got {
				if !o.IsBoundary(b) {
					t.Errorf("boundary %d splits a grapheme", b)
				}
			}
		})
	}
}

func FuzzSegment(f *testing.F) {
	for _, s := range []string{"وَالحُكُومَةُ", "لِلْحُكُومَةِ", "بـالقاعدة", "وله", "فللحكومة", "ك", "🙂"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, w string) {
		if annotate.CheckText(w) != nil {
			t.Skip()
		}
		ps := Segment(w)
		if w != "" && (len(ps) == 0 || ps[0].Start != 0 || ps[len(ps)-1].End != annotate.RuneLen(w)) {
			t.Fatalf("Segment(%q) = %v does not cover the word", w, ps)
		}
		o := annotate.NewOffsets(w)
		for i, p := range ps {
			if p.End <= p.Start || i > 0 && ps[i-1].End != p.Start || annotate.Slice(w, p.Start, p.End) != p.Text {
				t.Fatalf("Segment(%q) = %v: pieces not contiguous", w, ps)
			}
			if !o.IsBoundary(p.Start) || !o.IsBoundary(p.End) {
				t.Fatalf("Segment(%q) = %v: piece edge splits a grapheme", w, ps)
			}
		}
	})
}

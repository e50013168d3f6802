package format

import (
	"fmt"
	"slices"
	"strings"

	"alama/annotate"
)

// Options are the export settings common to every format, plus the few
// that only token-level formats read.
type Options struct {
	// Annotator keeps only the spans and relations of this annotator (a
	// relation also needs both its spans kept). "" keeps everything.
	Annotator string
	// Statuses keeps only documents in one of these statuses; none keeps all.
	Statuses []annotate.Status
	// Split, when set, sends each document to a train, dev or test part.
	Split *Split

	// Scheme is the tag scheme of CoNLL and Hugging Face exports; "" is IOB2.
	Scheme Scheme
	// Segmented splits CoNLL words at span edges instead of widening spans
	// to whole words.
	Segmented bool
	// CoNLL2003 writes the four-column form TOKEN POS CHUNK TAG with "_" and
	// "O" fillers and "-DOCSTART- -X- -X- O" lines; otherwise TOKEN TAG.
	CoNLL2003 bool
	// DocStart writes a -DOCSTART- line before each document in CoNLL
	// (always on with CoNLL2003).
	DocStart bool
	// Levels is the number of CoNLL tag columns: 1 (or 0) keeps the
	// outermost spans; each further column holds the spans nested (or
	// crossing) one level deeper, as Wojood does. Deeper spans are dropped
	// and counted.
	Levels int
	// Relations writes doccano's entities/relations shape instead of the
	// plain label shape.
	Relations bool
	// Offsets is the offset unit of a Label Studio export: "" (or
	// OffsetsCodePoint) for code points, OffsetsUTF16 for the Label Studio
	// versions that count UTF-16 code units. Other formats take only "".
	Offsets string
}

// The offset units Options.Offsets and ImportOptions.Offsets name.
const (
	OffsetsCodePoint = "codepoint"
	OffsetsUTF16     = "utf16"
)

// checkOffsets accepts the offset units a format can write or read.
func checkOffsets(format, unit string) error {
	switch {
	case unit == "" || unit == OffsetsCodePoint:
		return nil
	case unit == OffsetsUTF16 && format == LabelStudio:
		return nil
	case unit == OffsetsUTF16:
		return fmt.Errorf("offsets %s: only Label Studio files take UTF-16 offsets: %w", unit, annotate.ErrInvalid)
	}
	return fmt.Errorf("offsets %q: want %s or %s: %w", unit, OffsetsCodePoint, OffsetsUTF16, annotate.ErrInvalid)
}

// Split divides documents into train, dev and test parts by a hash of the
// document id and the seed, so a document always lands in the same part for
// the same seed, whatever else the corpus holds. Train, Dev and Test are
// weights (e.g. 80, 10, 10); they need not sum to 1.
type Split struct {
	Train, Dev, Test float64
	Seed             uint64
}

// The names of the split parts, used in file names.
const (
	PartTrain = "train"
	PartDev   = "dev"
	PartTest  = "test"
)

// Parts lists the split part names in order.
var Parts = []string{PartTrain, PartDev, PartTest}

// ParseSplit reads a split written as "80,10,10" or "80/10/10"
// (train, dev and test weights).
func ParseSplit(s string, seed uint64) (*Split, error) {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == ',' })
	if len(f) != 3 {
		return nil, fmt.Errorf("split %q: want three weights like 80,10,10: %w", s, annotate.ErrInvalid)
	}
	var w [3]float64
	for i, p := range f {
		if _, err := fmt.Sscan(p, &w[i]); err != nil || w[i] < 0 {
			return nil, fmt.Errorf("split %q: weight %q is not a number >= 0: %w", s, p, annotate.ErrInvalid)
		}
	}
	sp := &Split{Train: w[0], Dev: w[1], Test: w[2], Seed: seed}
	if err := sp.validate(); err != nil {
		return nil, err
	}
	return sp, nil
}

func (s *Split) validate() error {
	if s.Train < 0 || s.Dev < 0 || s.Test < 0 || s.Train+s.Dev+s.Test <= 0 {
		return fmt.Errorf("split %g/%g/%g: weights must be >= 0 with a positive sum: %w", s.Train, s.Dev, s.Test, annotate.ErrInvalid)
	}
	return nil
}

// Part returns the part ("train", "dev" or "test") a document goes to.
func (s *Split) Part(docID uint64) string {
	h := mix64(mix64(s.Seed) ^ docID)
	// The top 53 bits give a uniform float in [0, 1).
	x := float64(mix64(h)>>11) / (1 << 53) * (s.Train + s.Dev + s.Test)
	switch {
	case x < s.Train:
		return PartTrain
	case x < s.Train+s.Dev:
		return PartDev
	}
	return PartTest
}

// mix64 is the SplitMix64 finalizer: every input bit affects every
// output bit, so neighbouring ids land in unrelated parts.
func mix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// Report says what an export wrote and what the format could not hold.
type Report struct {
	Format    string
	Files     []string       // files or folders written
	Documents int            // documents written
	Skipped   int            // documents left out by the status filter
	Parts     map[string]int // documents per split part, when split
	Spans     int            // spans written
	Relations int            // relations written

	Widened          int // spans widened to whole tokens
	Narrowed         int // spans narrowed to the whole tokens inside them
	SpansDropped     int // spans the format cannot hold at all
	OverlapsDropped  int // spans left out because they overlap a kept span
	OverlapsMoved    int // spans moved to a side list (spaCy "sc")
	RelationsDropped int // relations the format cannot hold
	AttrsDropped     int // span attributes the format cannot hold
	NotesDropped     int // span notes the format cannot hold
	NotesFlattened   int // notes whose tabs and line breaks became spaces
	Discarded        int // spans and relations left out by the annotator filter

	// What a re-import cannot get back besides the counts above; Losses
	// lists every count by kind.
	DocsMerged      int // documents that read back as part of the one before
	TextsChanged    int // documents whose text reads back different
	TitlesLost      int // documents whose title is not written
	MetaLost        int // documents whose meta is not written
	StatusLost      int // documents whose status (other than new) is not written
	DocLabelsLost   int // documents whose document labels are not written
	IDsLost         int // documents whose own id is not written
	TokensLost      int // documents whose own tokens and sentences are not written
	AnnotatorsLost  int // spans and relations whose annotator is not written
	SuggestionsLost int // suggested spans that read back as accepted
	TimesLost       int // spans and relations whose creation time is not written
}

// Lossless reports whether a re-import of the export gets back every
// document the export wrote as it was: Losses lists nothing but spans
// moved to a side list.
func (r Report) Lossless() bool {
	for _, l := range r.Losses() {
		if l.Kind != LossOverlapsMovedOut {
			return false
		}
	}
	return true
}

// String renders the report as the lines a command prints.
func (r Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s, %s, %s", r.Format, count(r.Documents, "document"), count(r.Spans, "span"), count(r.Relations, "relation"))
	if r.Skipped > 0 {
		fmt.Fprintf(&b, " (%d documents left out by status)", r.Skipped)
	}
	b.WriteString("\n")
	if len(r.Parts) > 0 {
		b.WriteString("split:")
		for _, p := range Parts {
			fmt.Fprintf(&b, " %s %d", p, r.Parts[p])
		}
		b.WriteString("\n")
	}
	if r.Discarded > 0 {
		fmt.Fprintf(&b, "filtered: %d spans and relations of other annotators left out\n", r.Discarded)
	}
	for _, l := range r.Losses() {
		b.WriteString(l.String() + "\n")
	}
	for _, f := range r.Files {
		fmt.Fprintf(&b, "wrote %s\n", f)
	}
	return b.String()
}

// count renders n with its noun, singular or plural.
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// filter applies the status and annotator options to d. It returns nil when
// the document is left out, d itself when nothing changes, and otherwise a
// shallow copy with the kept spans and relations.
func (o *Options) filter(d *annotate.Document, rep *Report) *annotate.Document {
	if len(o.Statuses) > 0 && !slices.Contains(o.Statuses, d.Status) {
		rep.Skipped++
		return nil
	}
	if o.Annotator == "" {
		return d
	}
	c := *d
	c.Spans = nil
	kept := map[uint64]bool{}
	for _, s := range d.Spans {
		if s.Annotator == o.Annotator {
			c.Spans = append(c.Spans, s)
			kept[s.ID] = true
		} else {
			rep.Discarded++
		}
	}
	c.Relations = nil
	for _, r := range d.Relations {
		if r.Annotator == o.Annotator && kept[r.From] && kept[r.To] {
			c.Relations = append(c.Relations, r)
		} else {
			rep.Discarded++
		}
	}
	return &c
}

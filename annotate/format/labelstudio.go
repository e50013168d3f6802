package format

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"alama/annotate"
)

// Label Studio JSON: one array of tasks {"id", "data": {"text", "title"},
// "annotations": [{"result": [...]}], "predictions": [{"result": [...]}]}.
// A span is a "labels" region; its attributes are per-region "choices"
// results (from_name = the attribute name) and its note a per-region
// "textarea" result (from_name "note") on the same region id; a relation is
// a "relation" result. Accepted spans go to one annotation per annotator,
// named in "created_username" (Label Studio's own user ids cannot be
// known, so "completed_by" is not written); suggested ones go to
// predictions. A relation whose spans lie in two annotations cannot be
// held and is dropped. Offsets are code points, like every Alama export,
// or UTF-16 code units with Options.Offsets, for Label Studio versions that
// count those. Export also writes the labeling configuration beside the
// tasks (see LabelStudioConfig).

const (
	lsFromName = "label"
	lsToName   = "text"
	lsNoteName = "note"
)

type lsTask struct {
	ID          uint64         `json:"id"`
	Data        lsData         `json:"data"`
	Annotations []lsAnnotation `json:"annotations"`
	Predictions []lsAnnotation `json:"predictions,omitempty"`
}

type lsData struct {
	Text  string `json:"text"`
	Title string `json:"title,omitempty"`
}

type lsAnnotation struct {
	Result          []lsResult `json:"result"`
	CreatedUsername string     `json:"created_username,omitempty"`
	ModelVersion    string     `json:"model_version,omitempty"`
}

type lsResult struct {
	ID        string   `json:"id,omitempty"`
	FromName  string   `json:"from_name,omitempty"`
	ToName    string   `json:"to_name,omitempty"`
	Type      string   `json:"type"`
	Value     *lsValue `json:"value,omitempty"`
	FromID    string   `json:"from_id,omitempty"`
	ToID      string   `json:"to_id,omitempty"`
	Direction string   `json:"direction,omitempty"`
	Labels    []string `json:"labels,omitempty"`
}

type lsValue struct {
	Start   int      `json:"start"`
	End     int      `json:"end"`
	Text    any      `json:"text"` // the span text; for a textarea, a list of strings
	Labels  []string `json:"labels,omitempty"`
	Choices []string `json:"choices,omitempty"`
}

type lsEncoder struct {
	w     io.Writer
	idx   runes
	buf   bytes.Buffer
	first bool
	utf16 bool
	used  usedNames // labels, relation types and attributes written
}

func newLSEncoder(w io.Writer, _ *annotate.Schema, o *Options) (encoder, error) {
	if _, err := io.WriteString(w, "["); err != nil {
		return nil, err
	}
	return &lsEncoder{w: w, first: true, utf16: o.Offsets == OffsetsUTF16}, nil
}

func lsRegionID(id uint64) string { return "s" + strconv.FormatUint(id, 10) }

func (e *lsEncoder) encode(d *annotate.Document, _ string, rep *Report) error {
	e.idx.reset(d.Text)
	var u16 []int
	if e.utf16 {
		u16 = utf16Offsets(d.Text)
	}
	task := lsTask{ID: d.ID, Data: lsData{Text: d.Text, Title: d.Title}}
	// Accepted spans go to the annotation of their annotator, suggested
	// ones to the prediction of theirs (keys "\x00" + annotator).
	const predicted = "\x00"
	groups := map[string][]lsResult{}
	group := map[uint64]string{}
	for _, s := range sortedSpans(d.Spans) {
		text, err := e.idx.span(d, s)
		if err != nil {
			return err
		}
		start, end := s.Start, s.End
		if u16 != nil {
			start, end = u16[start], u16[end]
		}
		id := lsRegionID(s.ID)
		res := []lsResult{{ID: id, FromName: lsFromName, ToName: lsToName, Type: "labels",
			Value: &lsValue{Start: start, End: end, Text: text, Labels: []string{s.Label}}}}
		e.used.label(s.Label)
		for _, k := range sortedKeys(s.Attrs) {
			e.used.attr(k, s.Attrs[k])
			res = append(res, lsResult{ID: id, FromName: k, ToName: lsToName, Type: "choices",
				Value: &lsValue{Start: start, End: end, Text: text, Choices: []string{s.Attrs[k]}}})
		}
		if s.Note != "" {
			res = append(res, lsResult{ID: id, FromName: lsNoteName, ToName: lsToName, Type: "textarea",
				Value: &lsValue{Start: start, End: end, Text: []string{s.Note}}})
		}
		g := s.Annotator
		if s.Suggested {
			g = predicted + s.Annotator
		}
		group[s.ID] = g
		groups[g] = append(groups[g], res...)
		rep.Spans++
	}
	for _, r := range sortedRelations(d.Relations) {
		g := group[r.From]
		if g != group[r.To] {
			rep.RelationsDropped++
			if r.Annotator != "" {
				rep.AnnotatorsLost++
			}
			continue
		}
		if r.Annotator != strings.TrimPrefix(g, predicted) {
			rep.AnnotatorsLost++ // read back as its spans' annotator
		}
		e.used.relation(r.Type)
		groups[g] = append(groups[g], lsResult{FromID: lsRegionID(r.From), ToID: lsRegionID(r.To), Type: "relation", Direction: "right", Labels: []string{r.Type}})
		rep.Relations++
	}
	for _, g := range sortedKeys(groups) {
		if who, ok := strings.CutPrefix(g, predicted); ok {
			task.Predictions = append(task.Predictions, lsAnnotation{Result: groups[g], ModelVersion: who})
			continue
		}
		task.Annotations = append(task.Annotations, lsAnnotation{Result: groups[g], CreatedUsername: g})
	}
	if task.Annotations == nil {
		task.Annotations = []lsAnnotation{{Result: []lsResult{}}}
	}
	sep := ",\n"
	if e.first {
		sep, e.first = "\n", false
	}
	if _, err := io.WriteString(e.w, sep); err != nil {
		return err
	}
	e.buf.Reset()
	if err := newEncoder(&e.buf).Encode(task); err != nil {
		return err
	}
	_, err := e.w.Write(bytes.TrimSuffix(e.buf.Bytes(), []byte("\n")))
	return err
}

func (e *lsEncoder) finish() error {
	_, err := io.WriteString(e.w, "\n]\n")
	return err
}

// lsTaskIn is a task as read: data may hold more fields than text.
type lsTaskIn struct {
	ID          json.RawMessage  `json:"id"`
	Data        map[string]any   `json:"data"`
	Annotations []lsAnnotationIn `json:"annotations"`
	Predictions []lsAnnotationIn `json:"predictions"`
}

type lsAnnotationIn struct {
	Result          []lsResultIn    `json:"result"`
	CompletedBy     json.RawMessage `json:"completed_by"`
	CreatedUsername string          `json:"created_username"`
	ModelVersion    string          `json:"model_version"`
	WasCancelled    bool            `json:"was_cancelled"`
}

// annotator names the person who made an annotation: the name part of
// created_username ("amal@example.org, 3"), the email or name of a
// completed_by object, a completed_by string, or "user N" for a
// completed_by user id. "" when the annotation names nobody.
func (a *lsAnnotationIn) annotator() string {
	if name, _, _ := strings.Cut(a.CreatedUsername, ", "); strings.TrimSpace(name) != "" {
		return strings.TrimSpace(name)
	}
	var by struct {
		Email    string          `json:"email"`
		Username string          `json:"username"`
		ID       json.RawMessage `json:"id"`
	}
	var name string
	var id json.Number
	switch {
	case json.Unmarshal(a.CompletedBy, &name) == nil:
		return strings.TrimSpace(name)
	case json.Unmarshal(a.CompletedBy, &id) == nil:
		return "user " + id.String()
	case json.Unmarshal(a.CompletedBy, &by) == nil:
		for _, n := range []string{by.Email, by.Username} {
			if n = strings.TrimSpace(n); n != "" {
				return n
			}
		}
		if json.Unmarshal(by.ID, &id) == nil {
			return "user " + id.String()
		}
	}
	return ""
}

type lsResultIn struct {
	ID        string          `json:"id"`
	FromName  string          `json:"from_name"`
	Type      string          `json:"type"`
	Value     json.RawMessage `json:"value"`
	FromID    string          `json:"from_id"`
	ToID      string          `json:"to_id"`
	Direction string          `json:"direction"`
	Labels    []string        `json:"labels"`
}

type lsValueIn struct {
	Start   *int            `json:"start"`
	End     *int            `json:"end"`
	Text    json.RawMessage `json:"text"`
	Labels  []string        `json:"labels"`
	Choices []string        `json:"choices"`
}

// readLabelStudio reads a Label Studio JSON export: an array of tasks.
// Each task needs data.text; "labels" results become spans (one per
// label), per-region "choices" become attributes (several choices joined by
// "|"), a per-region "textarea" the note, and "relation" results relations
// (from_id → to_id, or the other way for direction "left"; a "bi" relation
// is kept as from_id → to_id). Each annotation goes to the layer of the
// person who made it (see lsAnnotationIn.annotator; opts.Annotator when it
// names nobody), so two annotators' identical spans stay two layers'
// spans; cancelled annotations are skipped. Results of predictions become
// suggested spans of the annotator their model_version names. Other data
// fields go to Meta. With opts.Offsets set to
// OffsetsUTF16 offsets count UTF-16 code units. An error names the line
// where the offending task starts.
func readLabelStudio(name string, r io.Reader, opts ImportOptions, emit func(*annotate.Document) error) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return &LineError{File: name, Err: err}
	}
	if !utf8.Valid(data) {
		return lineErr(name, lineOfInvalid(data), "invalid UTF-8")
	}
	data = bytes.TrimPrefix(data, bom)
	// lineAt returns the line of the first byte at or after off that is not
	// white space or a comma: where the next value starts.
	lineAt := func(off int64) int {
		i := int(off)
		for i < len(data) && strings.IndexByte(" \t\r\n,", data[i]) >= 0 {
			i++
		}
		return bytes.Count(data[:i], []byte("\n")) + 1
	}
	if at, err := CheckJSONText(data); err != nil {
		return &LineError{File: name, Line: bytes.Count(data[:at], []byte("\n")) + 1, Err: err}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return lineErr(name, lineAt(0), "want a JSON array of tasks")
	}
	for i := 1; dec.More(); i++ {
		line := lineAt(dec.InputOffset())
		var t lsTaskIn
		if err := dec.Decode(&t); err != nil {
			return &LineError{File: name, Line: line, Err: fmt.Errorf("task %d: %w", i, jsonErr(err))}
		}
		d, err := lsDocument(&t, opts)
		if err != nil {
			return &LineError{File: name, Line: line, Err: fmt.Errorf("task %d: %w", i, err)}
		}
		if err := emit(d); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil {
		return &LineError{File: name, Line: lineAt(dec.InputOffset()), Err: jsonErr(err)}
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return lineErr(name, lineAt(dec.InputOffset()), "unexpected data after the array of tasks")
	}
	return nil
}

func lsDocument(t *lsTaskIn, opts ImportOptions) (*annotate.Document, error) {
	text, ok := t.Data["text"].(string)
	if !ok {
		return nil, fmt.Errorf("data.text is missing or not a string: %w", ErrFormat)
	}
	if err := annotate.CheckText(text); err != nil {
		return nil, fmt.Errorf("data.text: %w", err)
	}
	d := &annotate.Document{Text: text, Status: annotate.StatusNew}
	if title, ok := t.Data["title"].(string); ok {
		d.Title = title
	}
	for k, v := range t.Data {
		if k == "text" || k == "title" {
			continue
		}
		if d.Meta == nil {
			d.Meta = map[string]any{}
		}
		d.Meta[k] = v
	}
	b := newSpanBuilder(d, opts)
	var cp []int // code point of each UTF-16 offset, -1 inside a pair
	if opts.Offsets == OffsetsUTF16 {
		cp = codePointsOfUTF16(text)
	}
	for _, group := range []struct {
		anns      []lsAnnotationIn
		suggested bool
	}{{t.Annotations, opts.Suggested}, {t.Predictions, true}} {
		for i, a := range group.anns {
			if a.WasCancelled {
				continue
			}
			b.opts.Annotator = opts.Annotator
			who := cmp.Or(a.annotator(), strings.TrimSpace(a.ModelVersion))
			if who != "" {
				b.opts.Annotator = who
			}
			if err := lsResults(b, a.Result, group.suggested, cp); err != nil {
				if len(group.anns) > 1 {
					err = fmt.Errorf("annotation %d: %w", i+1, err)
				}
				return nil, err
			}
		}
	}
	return b.done()
}

// lsResults adds the spans, attributes, notes and relations of one
// annotation's results.
func lsResults(b *spanBuilder, results []lsResultIn, suggested bool, cp []int) error {
	regions := map[string][]uint64{} // region id → span ids (one per label)
	first := len(b.d.Spans)
	for i, r := range results {
		if r.Type != "labels" {
			continue
		}
		v, err := lsValueOf(r, i, cp)
		if err != nil {
			return err
		}
		if len(v.Labels) == 0 {
			return fmt.Errorf("result %d: a labels region without labels: %w", i+1, ErrFormat)
		}
		for _, l := range v.Labels {
			id, err := b.add(*v.Start, *v.End, l)
			if err != nil {
				return fmt.Errorf("result %d: %w", i+1, err)
			}
			regions[r.ID] = append(regions[r.ID], id)
		}
		if err := lsCheckText(b, v, i); err != nil {
			return err
		}
	}
	for i := first; i < len(b.d.Spans); i++ {
		b.d.Spans[i].Suggested = suggested
	}
	span := func(id uint64) *annotate.Span {
		for i := first; i < len(b.d.Spans); i++ {
			if b.d.Spans[i].ID == id {
				return &b.d.Spans[i]
			}
		}
		return nil
	}
	for i, r := range results {
		switch r.Type {
		case "labels":
		case "choices", "textarea":
			ids, ok := regions[r.ID]
			if !ok {
				continue // a task-level classification, not a span's
			}
			v, err := lsValueOf(r, i, cp)
			if err != nil {
				return err
			}
			for _, id := range ids {
				s := span(id)
				if r.Type == "choices" {
					if s.Attrs == nil {
						s.Attrs = map[string]string{}
					}
					if len(v.Choices) > 0 {
						s.Attrs[r.FromName] = strings.Join(v.Choices, "|")
					}
					continue
				}
				var notes []string
				if err := json.Unmarshal(v.Text, &notes); err != nil {
					return fmt.Errorf("result %d: a textarea's text is a list of strings: %w", i+1, ErrFormat)
				}
				s.Note = strings.Join(notes, "\n")
			}
		case "relation":
			from, to := regions[r.FromID], regions[r.ToID]
			if r.Direction == "left" {
				from, to = to, from
			}
			if len(from) == 0 || len(to) == 0 {
				return fmt.Errorf("result %d: relation between unknown regions %q and %q: %w", i+1, r.FromID, r.ToID, ErrFormat)
			}
			labels := r.Labels
			if len(labels) == 0 {
				labels = []string{"RELATED"}
			}
			for _, l := range labels {
				b.relate(from[0], to[0], l)
			}
		default:
			return fmt.Errorf("result %d: type %q is not supported: %w", i+1, r.Type, ErrFormat)
		}
	}
	return nil
}

// lsValueOf decodes a region's value; with cp, its UTF-16 offsets become
// code points.
func lsValueOf(r lsResultIn, i int, cp []int) (lsValueIn, error) {
	var v lsValueIn
	if err := decodeLoose(r.Value, &v); err != nil {
		return v, fmt.Errorf("result %d: value: %w", i+1, err)
	}
	if v.Start == nil || v.End == nil {
		return v, fmt.Errorf("result %d: value needs start and end: %w", i+1, ErrFormat)
	}
	if cp != nil {
		for _, o := range []*int{v.Start, v.End} {
			if *o < 0 || *o >= len(cp) || cp[*o] < 0 {
				return v, fmt.Errorf("result %d: UTF-16 offset %d is outside the text or inside a character (%d units): %w", i+1, *o, len(cp)-1, ErrFormat)
			}
		}
		s, e := cp[*v.Start], cp[*v.End]
		v.Start, v.End = &s, &e
	}
	return v, nil
}

// codePointsOfUTF16 returns, for every UTF-16 offset of text (and its end),
// the code-point offset, or -1 between the two units of a pair.
func codePointsOfUTF16(text string) []int {
	out := make([]int, 0, len(text)+1)
	n := 0
	for _, r := range text {
		out = append(out, n)
		if r >= 0x10000 {
			out = append(out, -1)
		}
		n++
	}
	return append(out, n)
}

// lsCheckText compares a region's text, when given, with the document.
func lsCheckText(b *spanBuilder, v lsValueIn, i int) error {
	var text string
	if len(v.Text) == 0 || json.Unmarshal(v.Text, &text) != nil {
		return nil
	}
	if got := annotate.Slice(b.d.Text, *v.Start, *v.End); got != text {
		return fmt.Errorf("result %d: text %s differs from the document text %s at [%d,%d): %w", i+1, annotate.Quote(text), annotate.Quote(got), *v.Start, *v.End, ErrFormat)
	}
	return nil
}

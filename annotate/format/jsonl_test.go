package format

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"alama/annotate"
)

func writeAllJSONL(t testing.TB, docs []*annotate.Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := NewJSONLWriter(&buf)
	for _, d := range docs {
		if err := w.Write(d); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

func readAllJSONL(t testing.TB, data []byte) []*annotate.Document {
	t.Helper()
	var docs []*annotate.Document
	err := ReadJSONL("in.jsonl", bytes.NewReader(data), func(_ int, d *annotate.Document) error {
		docs = append(docs, d)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

func TestJSONLGolden(t *testing.T) {
	golden(t, "fixture.jsonl", writeAllJSONL(t, fixture(t)))
}

func TestJSONLRoundTrip(t *testing.T) {
	want := fixture(t)
	data := writeAllJSONL(t, want)
	got := readAllJSONL(t, data)
	if len(got) != len(want) {
		t.Fatalf("read %d documents, want %d", len(got), len(want))
	}
	for i := range want {
		w, g := want[i], got[i]
		if g.ID != w.ID || g.Title != w.Title || g.Text != w.Text || g.Status != w.Status ||
			!reflect.DeepEqual(g.DocLabels, w.DocLabels) {
			t.Errorf("document %d: header differs: got %+v", w.ID, g)
		}
		if !reflect.DeepEqual(g.Spans, w.Spans) {
			t.Errorf("document %d: spans differ:\n got %+v\nwant %+v", w.ID, g.Spans, w.Spans)
		}
		if !reflect.DeepEqual(g.Relations, w.Relations) {
			t.Errorf("document %d: relations differ:\n got %+v\nwant %+v", w.ID, g.Relations, w.Relations)
		}
		if len(g.Meta) != len(w.Meta) {
			t.Errorf("document %d: meta %v, want %v", w.ID, g.Meta, w.Meta)
		}
	}
	if again := writeAllJSONL(t, got); !bytes.Equal(again, data) {
		t.Errorf("read then write changed the bytes:\n%s\n---\n%s", again, data)
	}
}

func TestJSONLWriteUnsortedInput(t *testing.T) {
	d := fixture(t)[0].Clone()
	want := writeAllJSONL(t, []*annotate.Document{d})
	for i, j := 0, len(d.Spans)-1; i < j; i, j = i+1, j-1 {
		d.Spans[i], d.Spans[j] = d.Spans[j], d.Spans[i]
	}
	d.Relations[0], d.Relations[1] = d.Relations[1], d.Relations[0]
	first := d.Spans[0].ID
	if got := writeAllJSONL(t, []*annotate.Document{d}); !bytes.Equal(got, want) {
		t.Errorf("output depends on the order of spans in memory")
	}
	if d.Spans[0].ID != first {
		t.Errorf("writing reordered the caller's spans")
	}
}

func TestJSONLWriteRejectsBadSpan(t *testing.T) {
	d := fixture(t)[2].Clone()
	d.Spans[1].End = annotate.RuneLen(d.Text) + 3
	var buf bytes.Buffer
	err := WriteJSONL(&buf, d)
	if !errors.Is(err, annotate.ErrOutOfRange) {
		t.Fatalf("got %v, want ErrOutOfRange", err)
	}
	if buf.Len() != 0 {
		t.Errorf("wrote %q before failing", buf.String())
	}
}

// badLine returns the JSONL record of the fixture's first document with
// replace applied, for building bad input.
func badLine(t *testing.T, old, new string) string {
	t.Helper()
	line := strings.SplitN(string(writeAllJSONL(t, fixture(t)[:1])), "\n", 2)[0]
	if !strings.Contains(line, old) {
		t.Fatalf("fixture line lacks %q", old)
	}
	return strings.Replace(line, old, new, 1)
}

func TestReadJSONLErrors(t *testing.T) {
	good := strings.TrimSpace(string(writeAllJSONL(t, fixture(t)[1:2])))
	tests := []struct {
		name  string
		input string
		line  int
		want  string
		is    error
	}{
		{"invalid utf8", good + "\n{\"id\":3,\"text\":\"a\xffb\"}\n", 2, "invalid UTF-8 at byte 17", ErrFormat},
		{"not json", "\n\n{\"id\":1,", 3, "incomplete JSON", ErrFormat},
		{"syntax", "{\"id\":1 \"text\":\"x\"}", 1, "invalid JSON at byte", ErrFormat},
		{"unknown field", `{"id":1,"text":"x","colour":"red"}`, 1, `unknown field "colour"`, ErrFormat},
		{"empty id", `{"id":"","text":"x"}`, 1, "document id: empty string", ErrFormat},
		{"missing text", `{"id":4}`, 1, "no text", ErrFormat},
		{"trailing data", `{"id":1,"text":"x"} {}`, 1, "after the JSON value", ErrFormat},
		{"wrong type", `{"id":["one"],"text":"x"}`, 1, `neither a number nor a string`, ErrFormat},
		{"offset unit", `{"id":1,"text":"x","offset_unit":"utf16"}`, 1, `offset_unit "utf16"`, ErrFormat},
		{"bad status", `{"id":1,"text":"x","status":"finished"}`, 1, `status "finished"`, annotate.ErrInvalid},
		{"not nfc", "{\"id\":1,\"text\":\"e\u0301\"}", 1, "not normalized", annotate.ErrBadText},
		{"cr in text", `{"id":1,"text":"a\r\nb"}`, 1, "not normalized", annotate.ErrBadText},
		{"nul in text", `{"id":1,"text":"a\u0000b"}`, 1, "NUL", annotate.ErrBadText},
		{"duplicate doc id", good + "\n" + good + "\n", 2, "already used on line 1", ErrFormat},
		{"span out of range", badLine(t, `"end":20,`, `"end":900,`), 1, "span 1: range [5,900) outside", annotate.ErrOutOfRange},
		{"span reversed", badLine(t, `"start":5,`, `"start":30,`), 1, "empty or reversed", annotate.ErrOutOfRange},
		{"span splits harakat", badLine(t, `"end":20,`, `"end":19,`), 1, "splits a character from its marks", annotate.ErrNotBoundary},
		{"span text differs", badLine(t, `"text":"وزيرُ`, `"text":"وزير`), 1, "differs from the document text", ErrFormat},
		{"span without label", badLine(t, `"label":"ACTOR",`, ``), 1, "label is required", ErrFormat},
		{"span without end", badLine(t, `"end":20,`, ``), 1, "start and end are required", ErrFormat},
		{"duplicate span id", badLine(t, `"id":2,`, `"id":1,`), 1, "span 2 of the record: id 1 used twice", annotate.ErrDuplicate},
		{"empty attribute", badLine(t, `"type":"person"`, `"type":""`), 1, "empty name or value", ErrFormat},
		{"relation to unknown span", badLine(t, `"from":4,"to":1`, `"from":4,"to":77`), 1, "relation 12: span 77 is not in the record", annotate.ErrNotFound},
		{"relation to itself", badLine(t, `"from":4,"to":1`, `"from":4,"to":4`), 1, "link to itself", annotate.ErrInvalid},
		{"relation without type", badLine(t, `"type":"CLAIMED_BY",`, ``), 1, "type, from and to are required", ErrFormat},
		{"bad time", badLine(t, `"created":"2026-03-14T09:31:00Z"`, `"created":"yesterday"`), 1, "cannot parse", ErrFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			err := ReadJSONL("news.jsonl", strings.NewReader(tt.input), func(int, *annotate.Document) error {
				calls++
				return nil
			})
			var le *LineError
			if !errors.As(err, &le) {
				t.Fatalf("got %v, want a *LineError", err)
			}
			if le.File != "news.jsonl" || le.Line != tt.line {
				t.Errorf("error at %s:%d, want news.jsonl:%d", le.File, le.Line, tt.line)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q lacks %q", err, tt.want)
			}
			if prefix := "news.jsonl:" + strconv.Itoa(tt.line) + ": "; !strings.HasPrefix(err.Error(), prefix) {
				t.Errorf("error %q does not start with %q", err, prefix)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v is not %v", err, tt.is)
			}
		})
	}
}

func TestReadJSONLLineTooLong(t *testing.T) {
	input := `{"id":1,"text":"short"}` + "\n" + `{"id":2,"text":"` + strings.Repeat("ب", 100) + `"}` + "\n"
	err := readJSONL("long.jsonl", strings.NewReader(input), 64, func(int, *annotate.Document) error { return nil })
	var le *LineError
	if !errors.As(err, &le) || le.Line != 2 || !strings.Contains(err.Error(), "longer than 64 bytes") {
		t.Fatalf("got %v, want long.jsonl:2: line longer than 64 bytes", err)
	}
}

func TestReadJSONLAcceptsBOMAndCRLF(t *testing.T) {
	data := writeAllJSONL(t, fixture(t))
	crlf := append(append([]byte{}, bom...), bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n\r\n"))...)
	if got := writeAllJSONL(t, readAllJSONL(t, crlf)); !bytes.Equal(got, data) {
		t.Errorf("BOM and CRLF line ends changed the records")
	}
}

func TestReadJSONLCallbackError(t *testing.T) {
	stop := errors.New("stop")
	err := ReadJSONL("x.jsonl", bytes.NewReader(writeAllJSONL(t, fixture(t))), func(line int, _ *annotate.Document) error {
		if line == 2 {
			return stop
		}
		return nil
	})
	if err != stop {
		t.Fatalf("got %v, want the callback's error as is", err)
	}
}

func FuzzReadJSONL(f *testing.F) {
	data, err := os.ReadFile(filepath.Join("testdata", "fixture.jsonl"))
	if err != nil {
		f.Fatal(err)
	}
	for _, line := range bytes.Split(data, []byte("\n")) {
		f.Add(line)
	}
	f.Add([]byte(`{"id":1,"text":"كَتَبَ 🙂","spans":[{"id":1,"start":0,"end":6,"label":"X"}]}`))
	f.Add([]byte("{\"id\":1,\"text\":\"\xff\"}"))
	f.Add([]byte(`{"id":1,"text":"ab","relations":[{"id":1,"type":"R","from":1,"to":2}]}`))
	f.Add([]byte(`{"id":"afp-1","text":"ab cd","spans":[{"id":"T1","start":0,"end":2,"label":"X"},{"id":2,"start":3,"end":5,"label":"Y"},{"start":0,"end":5,"label":"Z"}],"relations":[{"id":"R1","type":"R","from":"T1","to":2}]}`))
	f.Add([]byte(`{"id":1e3,"text":"ab"}` + "\n" + `{"id":"1","text":"cd"}` + "\n" + `{"text":"ef"}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		var docs []*annotate.Document
		err := ReadJSONL("fuzz.jsonl", bytes.NewReader(in), func(_ int, d *annotate.Document) error {
			if err := Validate(d); err != nil {
				t.Fatalf("accepted an invalid document: %v", err)
			}
			docs = append(docs, d)
			return nil
		})
		if err != nil {
			var le *LineError
			if !errors.As(err, &le) {
				t.Fatalf("error %v is not a *LineError", err)
			}
			return
		}
		out := writeAllJSONL(t, docs)
		again := writeAllJSONL(t, readAllJSONL(t, out))
		if !bytes.Equal(out, again) {
			t.Fatalf("re-read changed the records:\n%s\n---\n%s", out, again)
		}
	})
}

// FuzzAppendJSONString checks the hand-written string encoder against
// encoding/json.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "كَتَبَ 🙂", "a\"b\\c\n\t\r\b\f\x01\x1f", "<&>", "\u2028\u2029", "\xff\xfe", "x\xe2\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		want := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
		if got := appendJSONString(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("%q: got %s, want %s", s, got, want)
		}
	})
}

// FuzzBounds checks the one-pass boundary index against annotate.IsBoundary.
func FuzzBounds(f *testing.F) {
	for _, s := range []string{"", "كَتَبَ 🙂", "e\u0301\r\n👩‍👩‍👧🇸🇦x", "\u0600١٢", "ب\u200dب\nـَ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := newBounds(s)
		if b.len() != annotate.RuneLen(s) {
			t.Fatalf("len %d, want %d", b.len(), annotate.RuneLen(s))
		}
		for cp := range b.at {
			if b.at[cp] != annotate.IsBoundary(s, cp) {
				t.Fatalf("%q at %d: %v, annotate says %v", s, cp, b.at[cp], !b.at[cp])
			}
		}
	})
}

package store

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"alama/annotate"
)

var (
	crashSeed  = flag.Uint64("crash.seed", 0, "seed of TestCrashLosesNothing (0 picks one from the clock)")
	crashKills = flag.Int("crash.kills", 80, "how many times TestCrashLosesNothing kills the editing process")
)

// crashEnv names the variable that turns the test binary into the editing
// process of TestCrashLosesNothing; its value is "PATH SEED ROUND".
const crashEnv = "ALAMA_STORE_TEST_CRASH"

// crashOp is one step the editing process takes, as it reports it on
// stdout: "do JSON" before the call, "ok N [DOCID...]" once the call
// returned, with the ids an import gave its documents.
type crashOp struct {
	N      int                  `json:"n"`
	Kind   string               `json:"kind"` // apply, undo, redo, import, bigimport, delete
	Doc    uint64               `json:"doc,omitempty"`
	Edit   *editRecord          `json:"edit,omitempty"`
	Import []*annotate.Document `json:"import,omitempty"`
}

// crashSentences are original report sentences the editing process builds
// its articles from: harakat, an emoji, digits and Latin text among them.
var crashSentences = []string{
	"أعلنَ المتحدّثُ باسمِ البلديّةِ أنّ الطريقَ الساحليَّ سيُفتحُ غدًا.",
	"وقالَ شاهدٌ 🙂 إنّ الحشودَ تجمّعت قربَ الميناءِ منذُ الفجر.",
	"ونفتِ الوزارةُ في بيانٍ صدرَ مساءَ الأحد أيَّ نيّةٍ لرفعِ الأسعار.",
	"وذكرت وكالة AFP أنّ 12 شاحنةً عبرت المعبرَ يومَ الخميس.",
	"كَتَبَ مراسلُنا من حلب أنّ المدارسَ استأنفت الدروسَ بعد انقطاعٍ طويل.",
	"وأكّدَ رئيسُ اللجنةِ أنّ الاجتماعَ المقبلَ سيُعقدُ في عمّان 🕊️ الشهرَ القادم.",
}

// crashChild is the editing process: it opens the project, reports
// "ready", then edits it forever with seeded random edits, undos, redos
// and imports, reporting each as described at crashOp.
func crashChild(arg string) int {
	fields := strings.Fields(arg)
	if len(fields) != 3 {
		fmt.Fprintln(os.Stderr, "bad", crashEnv, arg)
		return 2
	}
	seed, _ := strconv.ParseUint(fields[1], 10, 64)
	round, _ := strconv.Atoi(fields[2])
	if round%2 == 1 {
		// Large imports write their postings in every batch, not only
		// at the end.
		pendingLimit = 1
	}
	p, err := Open(fields[0], Options{Timeout: 5 * time.Second})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	schema, err := p.Schema()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	docs := map[uint64]*annotate.Document{}
	for d, err := range p.All() {
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		docs[d.ID] = d
	}
	g := &crashGen{
		rng:    rand.New(rand.NewPCG(seed, uint64(round))),
		schema: schema,
		docs:   docs,
		nextID: uint64(round+1) << 24,
		round:  round,
	}
	fmt.Println("ready")
	for n := 1; ; n++ {
		op := g.next(n)
		line, err := json.Marshal(op)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		fmt.Printf("do %s\n", line)
		var d *annotate.Document
		extra := ""
		switch op.Kind {
		case "apply":
			e, err := op.Edit.edit(0)
			if err == nil {
				d, err = p.Apply(op.Doc, e)
			}
			if err != nil {
				fmt.Fprintf(os.Stderr, "op %d: %v\n", n, err)
				return 1
			}
		case "undo", "redo":
			step := p.Undo
			if op.Kind == "redo" {
				step = p.Redo
			}
			if d, _, err = step(op.Doc); err != nil {
				fmt.Fprintf(os.Stderr, "op %d: %v\n", n, err)
				return 1
			}
		case "import":
			ids, err := p.Import(op.Import)
			if err != nil || slices.Contains(ids, 0) {
				fmt.Fprintf(os.Stderr, "op %d: import: %v %v\n", n, ids, err)
				return 1
			}
			for i, id := range ids {
				d = op.Import[i].Clone()
				d.ID = id
				g.docs[id] = d
				extra += " " + strconv.FormatUint(id, 10)
			}
		case "bigimport":
			// One LargeImport, a document a transaction.
			li, err := p.BeginImport()
			if err != nil {
				fmt.Fprintf(os.Stderr, "op %d: %v\n", n, err)
				return 1
			}
			for i := range op.Import {
				ids, err := li.Add(op.Import[i : i+1])
				if err != nil || ids[0] == 0 {
					fmt.Fprintf(os.Stderr, "op %d: import: %v %v\n", n, ids, err)
					return 1
				}
				d = op.Import[i].Clone()
				d.ID = ids[0]
				g.docs[d.ID] = d
				extra += " " + strconv.FormatUint(d.ID, 10)
			}
			if err := li.Commit(); err != nil {
				fmt.Fprintf(os.Stderr, "op %d: %v\n", n, err)
				return 1
			}
		case "delete":
			if err := p.DeleteDocuments([]uint64{op.Doc}); err != nil {
				fmt.Fprintf(os.Stderr, "op %d: %v\n", n, err)
				return 1
			}
			delete(g.docs, op.Doc)
		}
		if d != nil {
			g.docs[d.ID] = d
		}
		fmt.Printf("ok %d%s\n", n, extra)
	}
}

// crashGen makes random valid steps against the documents as they are.
type crashGen struct {
	rng    *rand.Rand
	schema *annotate.Schema
	docs   map[uint64]*annotate.Document
	nextID uint64
	round  int
}

func (g *crashGen) id() uint64 { g.nextID++; return g.nextID }

// when gives each new span and relation a distinct creation time, so the
// clock of the process plays no part.
func (g *crashGen) when(n int) time.Time {
	return epoch.Add(time.Duration(g.round)*time.Hour + time.Duration(n)*time.Second)
}

func (g *crashGen) next(n int) crashOp {
	if len(g.docs) == 0 || g.rng.IntN(40) == 0 {
		docs := make([]*annotate.Document, 1+g.rng.IntN(3))
		for i := range docs {
			docs[i] = g.article(n, i)
		}
		kind := "import"
		if len(docs) > 1 && g.rng.IntN(2) == 0 {
			kind = "bigimport"
		}
		return crashOp{N: n, Kind: kind, Import: docs}
	}
	ids := make([]uint64, 0, len(g.docs))
	for id := range g.docs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	doc := ids[g.rng.IntN(len(ids))]
	if len(ids) > 2 && g.rng.IntN(60) == 0 {
		return crashOp{N: n, Kind: "delete", Doc: doc}
	}
	switch r := g.rng.IntN(100); {
	case r < 12:
		return crashOp{N: n, Kind: "undo", Doc: doc}
	case r < 18:
		return crashOp{N: n, Kind: "redo", Doc: doc}
	}
	d := g.docs[doc]
	for range 50 {
		e := g.edit(d, n)
		if e == nil {
			continue
		}
		if _, err := e.Apply(d.Clone(), g.schema); err != nil {
			continue
		}
		r, err := encodeEdit(e)
		if err != nil {
			panic(err)
		}
		return crashOp{N: n, Kind: "apply", Doc: doc, Edit: &r}
	}
	return crashOp{N: n, Kind: "undo", Doc: doc}
}

// article makes a new document of a few sentences with two spans and a
// relation; its last line makes its text unique.
func (g *crashGen) article(n, i int) *annotate.Document {
	var b strings.Builder
	for range 2 + g.rng.IntN(4) {
		b.WriteString(crashSentences[g.rng.IntN(len(crashSentences))])
		b.WriteString(" ")
	}
	fmt.Fprintf(&b, "\nنشرة رقم %d-%d-%d-%d", g.round, n, i, g.rng.Uint32())
	d := &annotate.Document{Title: fmt.Sprintf("نشرة %d-%d-%d", g.round, n, i), Text: b.String(), Status: annotate.StatusNew}
	// The first word is an EVENT, the second an ACTOR that did it.
	words := strings.Fields(d.Text)
	w0, w1 := annotate.RuneLen(words[0]), annotate.RuneLen(words[1])
	ev := annotate.Span{ID: g.id(), Start: 0, End: w0, Label: "EVENT", Annotator: "amal", Created: g.when(n)}
	ac := annotate.Span{ID: g.id(), Start: w0 + 1, End: w0 + 1 + w1, Label: "ACTOR", Annotator: "amal", Created: g.when(n)}
	d.Spans = []annotate.Span{ev, ac}
	d.Relations = []annotate.Relation{{ID: g.id(), Type: "AGENT", From: ev.ID, To: ac.ID, Annotator: "amal", Created: g.when(n)}}
	return d
}

// edit makes one random edit of d, or nil; it may not apply.
func (g *crashGen) edit(d *annotate.Document, n int) annotate.Edit {
	pickSpan := func() (annotate.Span, bool) {
		if len(d.Spans) == 0 {
			return annotate.Span{}, false
		}
		return d.Spans[g.rng.IntN(len(d.Spans))], true
	}
	switch r := g.rng.IntN(100); {
	case r < 30:
		return g.addSpan(d, n)
	case r < 40:
		if sp, ok := pickSpan(); ok {
			return annotate.DeleteSpan{ID: sp.ID}
		}
	case r < 48:
		if sp, ok := pickSpan(); ok {
			return annotate.Relabel{ID: sp.ID, Label: g.schema.Labels[g.rng.IntN(len(g.schema.Labels))].Name}
		}
	case r < 56:
		if sp, ok := pickSpan(); ok {
			start, end := g.bounds(d.Text)
			return annotate.Resize{ID: sp.ID, Start: start, End: end}
		}
	case r < 62:
		if sp, ok := pickSpan(); ok {
			l, _ := g.schema.Label(sp.Label)
			if len(l.Attrs) == 0 {
				return nil
			}
			a := l.Attrs[g.rng.IntN(len(l.Attrs))]
			v := ""
			if len(a.Values) > 0 && g.rng.IntN(4) > 0 {
				v = a.Values[g.rng.IntN(len(a.Values))]
			}
			return annotate.SetAttr{ID: sp.ID, Name: a.Name, Value: v}
		}
	case r < 66:
		if sp, ok := pickSpan(); ok {
			return annotate.SetNote{ID: sp.ID, Note: []string{"", "راجِع الحدود 🙂", "مصدر غير مؤكد"}[g.rng.IntN(3)]}
		}
	case r < 69:
		if sp, ok := pickSpan(); ok && sp.Suggested {
			return annotate.Accept{ID: sp.ID}
		}
	case r < 82:
		return g.addRelation(d, n)
	case r < 87:
		if len(d.Relations) > 0 {
			return annotate.DeleteRelation{ID: d.Relations[g.rng.IntN(len(d.Relations))].ID}
		}
	case r < 92:
		return annotate.SetStatus{Status: annotate.Statuses[g.rng.IntN(len(annotate.Statuses))]}
	case r < 94:
		var labels []string
		for _, l := range g.schema.DocLabels {
			if g.rng.IntN(3) == 0 {
				labels = append(labels, l)
			}
		}
		return annotate.SetDocLabels{Labels: labels}
	default:
		// A batch: a new span linked to an existing one.
		add := g.addSpan(d, n)
		sp, ok := pickSpan()
		if !ok {
			return annotate.Batch{Edits: []annotate.Edit{add, g.addSpan(d, n)}}
		}
		rel := annotate.Relation{ID: g.id(), Type: g.schema.Relations[g.rng.IntN(len(g.schema.Relations))].Name,
			From: add.Span.ID, To: sp.ID, Annotator: "samir", Created: g.when(n)}
		return annotate.Batch{Edits: []annotate.Edit{add, annotate.AddRelation{Relation: rel}}}
	}
	return nil
}

// bounds picks a random short range on grapheme boundaries of text.
func (g *crashGen) bounds(text string) (int, int) {
	b := annotate.Boundaries(text)
	i := g.rng.IntN(len(b) - 1)
	j := min(len(b)-1, i+1+g.rng.IntN(12))
	return b[i], b[j]
}

func (g *crashGen) addSpan(d *annotate.Document, n int) annotate.AddSpan {
	start, end := g.bounds(d.Text)
	return annotate.AddSpan{Span: annotate.Span{
		ID: g.id(), Start: start, End: end,
		Label:     g.schema.Labels[g.rng.IntN(len(g.schema.Labels))].Name,
		Annotator: []string{"amal", "samir"}[g.rng.IntN(2)],
		Suggested: g.rng.IntN(5) == 0,
		Created:   g.when(n),
	}}
}

func (g *crashGen) addRelation(d *annotate.Document, n int) annotate.Edit {
	if len(d.Spans) < 2 {
		return nil
	}
	rt := g.schema.Relations[g.rng.IntN(len(g.schema.Relations))]
	var from, to []uint64
	for _, s := range d.Spans {
		if len(rt.From) == 0 || slices.Contains(rt.From, s.Label) {
			from = append(from, s.ID)
		}
		if len(rt.To) == 0 || slices.Contains(rt.To, s.Label) {
			to = append(to, s.ID)
		}
	}
	if len(from) == 0 || len(to) == 0 {
		return nil
	}
	return annotate.AddRelation{Relation: annotate.Relation{
		ID: g.id(), Type: rt.Name, From: from[g.rng.IntN(len(from))], To: to[g.rng.IntN(len(to))],
		Annotator: "amal", Created: g.when(n),
	}}
}

// crashModel is what the project must hold: the documents and their undo
// and redo stacks after the acknowledged steps.
type crashModel struct {
	schema     *annotate.Schema
	docs       map[uint64]*annotate.Document
	undo, redo map[uint64][]annotate.Edit
}

func newCrashModel() *crashModel {
	return &crashModel{
		schema: annotate.DefaultSchema(),
		docs:   map[uint64]*annotate.Document{},
		undo:   map[uint64][]annotate.Edit{},
		redo:   map[uint64][]annotate.Edit{},
	}
}

func (m *crashModel) clone() *crashModel {
	c := newCrashModel()
	for id, d := range m.docs {
		c.docs[id] = d.Clone()
		c.undo[id] = slices.Clone(m.undo[id])
		c.redo[id] = slices.Clone(m.redo[id])
	}
	return c
}

// step applies op as the store does; ids are the ids an import gave its
// documents.
func (m *crashModel) step(op crashOp, ids []uint64) error {
	switch op.Kind {
	case "import", "bigimport":
		if len(ids) != len(op.Import) {
			return fmt.Errorf("op %d: %d ids for %d imported documents", op.N, len(ids), len(op.Import))
		}
		for i, id := range ids {
			d := op.Import[i].Clone()
			d.ID = id
			annotate.SortSpans(d.Spans)
			annotate.SortRelations(d.Relations)
			m.docs[id] = d
		}
		return nil
	case "apply":
		d, ok := m.docs[op.Doc]
		if !ok {
			return fmt.Errorf("op %d: no document %d", op.N, op.Doc)
		}
		e, err := op.Edit.edit(0)
		if err != nil {
			return err
		}
		inv, err := e.Apply(d, m.schema)
		if err != nil {
			return fmt.Errorf("op %d: %w", op.N, err)
		}
		m.undo[op.Doc] = append(m.undo[op.Doc], inv)
		m.redo[op.Doc] = nil
		return nil
	case "delete":
		if _, ok := m.docs[op.Doc]; !ok {
			return fmt.Errorf("op %d: no document %d", op.N, op.Doc)
		}
		delete(m.docs, op.Doc)
		delete(m.undo, op.Doc)
		delete(m.redo, op.Doc)
		return nil
	case "undo":
		_, err := m.stepStack(op.Doc, m.undo, m.redo)
		return err
	case "redo":
		_, err := m.stepStack(op.Doc, m.redo, m.undo)
		return err
	}
	return fmt.Errorf("op %d: unknown kind %q", op.N, op.Kind)
}

// stepStack undoes or redoes one edit of document id, reporting whether
// there was one.
func (m *crashModel) stepStack(id uint64, from, to map[uint64][]annotate.Edit) (bool, error) {
	st := from[id]
	if len(st) == 0 {
		return false, nil
	}
	e := st[len(st)-1]
	from[id] = st[:len(st)-1]
	inv, err := e.Apply(m.docs[id], m.schema)
	if err != nil {
		return false, fmt.Errorf("document %d: %w", id, err)
	}
	to[id] = append(to[id], inv)
	return true, nil
}

// differs returns how the project p differs from the model, or "".
func (m *crashModel) differs(t *testing.T, p *Project) string {
	t.Helper()
	infos, err := p.Documents()
	if err != nil {
		return err.Error()
	}
	if len(infos) != len(m.docs) {
		return fmt.Sprintf("%d documents, want %d", len(infos), len(m.docs))
	}
	for _, info := range infos {
		want, ok := m.docs[info.ID]
		if !ok {
			return fmt.Sprintf("document %d should not be there", info.ID)
		}
		got, err := p.Document(info.ID)
		if err != nil {
			return err.Error()
		}
		if g, w := canon(t, got), canon(t, want); g != w {
			return fmt.Sprintf("document %d:\n got %s\nwant %s", info.ID, g, w)
		}
		for _, st := range []struct {
			name  []byte
			model []annotate.Edit
		}{{bucketUndo, m.undo[info.ID]}, {bucketRedo, m.redo[info.ID]}} {
			got, err := storedStack(p, info.ID, st.name)
			if err != nil {
				return err.Error()
			}
			if g, w := stackJSON(t, got), stackJSON(t, st.model); g != w {
				return fmt.Sprintf("document %d %s stack:\n got %s\nwant %s", info.ID, st.name, g, w)
			}
		}
	}
	return ""
}

// storedStack reads a document's undo or redo stack, bottom first.
func storedStack(p *Project, id uint64, name []byte) ([]annotate.Edit, error) {
	var out []annotate.Edit
	err := p.view(func(tx *bolt.Tx) error {
		return scan(tx.Bucket(bucketHistory).Bucket(name), id, func(_ uint64, v []byte) error {
			e, err := decodeHistory(v)
			out = append(out, e)
			return err
		})
	})
	return out, err
}

func stackJSON(t *testing.T, edits []annotate.Edit) string {
	t.Helper()
	recs := make([]editRecord, len(edits))
	for i, e := range edits {
		r, err := encodeEdit(e)
		if err != nil {
			t.Fatal(err)
		}
		recs[i] = r
	}
	b, err := json.Marshal(recs)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// crashRun is what one editing process reported before it was killed.
type crashRun struct {
	acked   []crashOp
	ackedID [][]uint64 // document ids of each acknowledged import
	pending *crashOp   // started, not acknowledged
}

// parseCrashOutput reads the lines of an editing process; an unfinished
// last line is one it was killed while writing.
func parseCrashOutput(out []byte) (crashRun, error) {
	var run crashRun
	lines := strings.SplitAfter(string(out), "\n")
	for _, line := range lines {
		if !strings.HasSuffix(line, "\n") {
			break
		}
		line = strings.TrimSuffix(line, "\n")
		switch {
		case line == "ready":
		case strings.HasPrefix(line, "do "):
			if run.pending != nil {
				return run, fmt.Errorf("op %d started before op %d was acknowledged", run.pending.N+1, run.pending.N)
			}
			var op crashOp
			if err := json.Unmarshal([]byte(line[3:]), &op); err != nil {
				return run, fmt.Errorf("%q: %w", line, err)
			}
			run.pending = &op
		case strings.HasPrefix(line, "ok "):
			f := strings.Fields(line)
			n, _ := strconv.Atoi(f[1])
			if run.pending == nil || run.pending.N != n {
				return run, fmt.Errorf("acknowledgement %q of no started op", line)
			}
			var ids []uint64
			for _, s := range f[2:] {
				id, err := strconv.ParseUint(s, 10, 64)
				if err != nil {
					return run, fmt.Errorf("%q: %w", line, err)
				}
				ids = append(ids, id)
			}
			run.acked = append(run.acked, *run.pending)
			run.ackedID = append(run.ackedID, ids)
			run.pending = nil
		default:
			return run, fmt.Errorf("unexpected line %q", line)
		}
	}
	return run, nil
}

// TestCrashLosesNothing kills a process editing a project at random
// moments, many times, and checks after each kill that the reopened
// project holds exactly the acknowledged edits (or those and the one in
// flight, when the kill fell between commit and acknowledgement), passes
// Check, and keeps an undo history that walks back to the imported
// documents.
func TestCrashLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("kills and reopens a project many times")
	}
	seed := *crashSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (replay with -crash.seed=%d)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 0))
	path := filepath.Join(t.TempDir(), "crash.alama")
	p, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}

	m := newCrashModel()
	var edits, inFlight, early, deletes, bigImports, cutImports int
	for round := range *crashKills {
		out, early1 := crashRound(t, path, seed, round, rng)
		if early1 {
			early++
		}
		run, err := parseCrashOutput(out)
		if err != nil {
			t.Fatalf("seed %d round %d: %v", seed, round, err)
		}
		for i, op := range run.acked {
			if err := m.step(op, run.ackedID[i]); err != nil {
				t.Fatalf("seed %d round %d: model: %v", seed, round, err)
			}
			switch op.Kind {
			case "delete":
				deletes++
			case "bigimport":
				bigImports++
			}
		}
		edits += len(run.acked)
		if run.pending != nil && run.pending.Kind == "bigimport" {
			cutImports++
		}

		p, err := Open(path, Options{Timeout: 5 * time.Second})
		if err != nil {
			t.Fatalf("seed %d round %d: reopen after the kill: %v", seed, round, err)
		}
		diff := m.differs(t, p)
		if diff != "" && run.pending != nil {
			// The kill fell between the commit and its acknowledgement.
			next := m.clone()
			var ids []uint64
			if run.pending.Kind == "import" || run.pending.Kind == "bigimport" {
				ids = newDocs(t, p, m)
			}
			if err := next.step(*run.pending, ids); err == nil && next.differs(t, p) == "" {
				m, diff = next, ""
				inFlight++
				edits++
			}
		}
		if diff != "" {
			_ = p.Close()
			t.Fatalf("seed %d round %d, after %d acknowledged steps (in flight: %+v): %s", seed, round, len(run.acked), run.pending, diff)
		}
		for _, err := range p.Check() {
			t.Errorf("seed %d round %d: Check: %v", seed, round, err)
		}
		if err := p.Close(); err != nil {
			t.Fatal(err)
		}
		if t.Failed() {
			return
		}
	}
	t.Logf("survived %d kills (%d before the project was open); %d steps verified (%d document deletions, %d imports in several transactions, %d more cut by the kill), %d of them committed but not yet acknowledged at the kill; %d documents",
		*crashKills, early, edits, deletes, bigImports, cutImports, inFlight, len(m.docs))

	undone := walkHistory(t, path, m)
	t.Logf("undo walked back %d steps to the imported documents and redo forward again", undone)
}

// crashRound runs one editing process and kills it: usually a random
// moment after it opened the project, sometimes while it is opening it.
// It returns everything the process wrote, and whether it was killed
// before it said it was ready.
func crashRound(t *testing.T, path string, seed uint64, round int, rng *rand.Rand) ([]byte, bool) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%s %d %d", crashEnv, path, seed, round))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	ready := make(chan struct{})
	done := make(chan error)
	go func() {
		r := bufio.NewReader(stdout)
		first := true
		for {
			line, err := r.ReadBytes('\n')
			out.Write(line)
			if first && string(line) == "ready\n" {
				close(ready)
				first = false
			}
			if err != nil {
				if errors.Is(err, io.EOF) {
					err = nil
				}
				done <- err
				return
			}
		}
	}()
	early := rng.IntN(10) == 0
	if early {
		time.Sleep(time.Duration(rng.IntN(15_000)) * time.Microsecond)
	} else {
		select {
		case <-ready:
		case <-time.After(20 * time.Second):
			_ = cmd.Process.Kill()
			<-done
			_ = cmd.Wait()
			t.Fatalf("round %d: the editing process did not open the project: %s", round, stderr.String())
		}
		time.Sleep(time.Duration(1000+rng.IntN(120_000)) * time.Microsecond)
	}
	_ = cmd.Process.Signal(syscall.SIGKILL)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("round %d: the editing process ended by itself (%v) before the kill:\n%s", round, err, stderr.String())
	}
	select {
	case <-ready:
		return out.Bytes(), false
	default:
		return out.Bytes(), true
	}
}

// newDocs returns the ids of the documents of p the model does not have.
func newDocs(t *testing.T, p *Project, m *crashModel) []uint64 {
	t.Helper()
	infos, err := p.Documents()
	if err != nil {
		return nil
	}
	var ids []uint64
	for _, d := range infos {
		if _, ok := m.docs[d.ID]; !ok {
			ids = append(ids, d.ID)
		}
	}
	return ids
}

// walkHistory undoes every document's history to its imported state,
// checking each step against the model, then redoes it all, and returns
// how many steps it undid.
func walkHistory(t *testing.T, path string, m *crashModel) int {
	t.Helper()
	p := openTest(t, path)
	steps := 0
	ids := make([]uint64, 0, len(m.docs))
	for id := range m.docs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		for _, dir := range []struct {
			name     string
			store    func(uint64) (*annotate.Document, bool, error)
			from, to map[uint64][]annotate.Edit
		}{{"undo", p.Undo, m.undo, m.redo}, {"redo", p.Redo, m.redo, m.undo}} {
			for {
				want, err := m.stepStack(id, dir.from, dir.to)
				if err != nil {
					t.Fatalf("model %s: %v", dir.name, err)
				}
				got, ok, err := dir.store(id)
				if err != nil {
					t.Fatalf("document %d: %s: %v", id, dir.name, err)
				}
				if ok != want {
					t.Fatalf("document %d: %s said %v, model %v", id, dir.name, ok, want)
				}
				if !ok {
					break
				}
				if dir.name == "undo" {
					steps++
				}
				sameDoc(t, fmt.Sprintf("document %d after %s", id, dir.name), got, m.docs[id])
				if t.Failed() {
					t.FailNow()
				}
			}
		}
	}
	return steps
}

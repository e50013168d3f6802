package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"alama/store"
)

// The command benchmarks build the alama binary and time whole commands as
// processes, as a user waits for them, on a generated corpus: 10,000
// articles of about 3 KB with 5 spans each (about 30 MB of Alama JSONL),
// and one CoNLL document of 150,000 tokens. Each reports the wall time of
// one command per iteration and the process's peak resident memory; the
// Floor sub-benchmarks measure, in the same run, what the work cannot go
// below. Run them with
//
//	go test -run '^$' -bench Command -benchtime 3x .

const (
	benchArticles    = 10000
	benchArticleSize = 3000
	benchSpans       = 5
	benchTokens      = 150000
)

// commandWords are news-style words written for these benchmarks; the
// articles mix them with words made from random roots (see vocabulary), so
// that the search index sees as many distinct grams as in real news.
var commandWords = strings.Fields("قال رئيس الوزراء في مؤتمر صحفي عقده مساء اليوم " +
	"إن الحكومة ماضية في خطة الإصلاح الاقتصادي رغم الاحتجاجات التي شهدتها " +
	"المدن الكبرى خلال الأسبوع الماضي وأضاف أن المفاوضات مع صندوق النقد " +
	"الدولي وصلت إلى مراحلها الأخيرة وأكّد وزيرُ المالية أنّ الموازنة الجديدة " +
	"ستُعرض على البرلمان الشهر المقبل بينما طالبت النقابات برفع الأجور " +
	"وتحسين ظروف العمل في القطاع العام 2026 🙂")

// vocabulary returns n words made by putting three-letter roots into
// common Arabic patterns, with and without the article and a conjunction.
func vocabulary(r *rand.Rand, n int) []string {
	letters := []rune("ابتثجحخدذرزسشصضطظعغفقكلمنهوي")
	patterns := []string{"1ا23", "م12و3", "ي123", "ت1ا23", "ا1ت2ا3", "12ي3", "م12ّ3ة", "1ا2ي3", "است12ا3", "123"}
	words := make([]string, n)
	for i := range words {
		root := []rune{letters[r.IntN(len(letters))], letters[r.IntN(len(letters))], letters[r.IntN(len(letters))]}
		var sb strings.Builder
		switch r.IntN(6) {
		case 0:
			sb.WriteString("ال")
		case 1:
			sb.WriteString("وال")
		case 2:
			sb.WriteString("و")
		}
		for _, c := range patterns[r.IntN(len(patterns))] {
			if c >= '1' && c <= '3' {
				sb.WriteRune(root[c-'1'])
			} else {
				sb.WriteRune(c)
			}
		}
		words[i] = sb.String()
	}
	return words
}

var commandLabels = []string{"ACTOR", "EVENT", "LOCATION", "TIME", "CLAIM"}

// benchFiles is what the command benchmarks share: the binary, the corpus,
// and a project holding the corpus.
type benchFiles struct {
	dir, bin, corpus, conll, project string
	corpusBytes                      int64
}

// setupCommands builds the binary and writes the corpus into dir.
func setupCommands(b *testing.B, dir string) *benchFiles {
	b.Helper()
	var err error
	f := &benchFiles{dir: dir, bin: filepath.Join(dir, "alama"), corpus: filepath.Join(dir, "corpus.jsonl"),
		conll: filepath.Join(dir, "long.conll"), project: filepath.Join(dir, "corpus.alama")}
	if out, err := exec.Command("go", "build", "-o", f.bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	if f.corpusBytes, err = writeCorpus(f.corpus); err != nil {
		b.Fatal(err)
	}
	if err := writeLongCoNLL(f.conll); err != nil {
		b.Fatal(err)
	}
	if _, _, err := runCommand(f.bin, "import", "-project", f.project, f.corpus); err != nil {
		b.Fatal(err)
	}
	return f
}

// benchArticle returns a generated article of at least size bytes and the
// code-point offsets of its words.
func benchArticle(r *rand.Rand, vocab []string, size int) (text string, starts, ends []int) {
	var sb strings.Builder
	cp := 0
	for i := 0; sb.Len() < size; i++ {
		if i > 0 {
			if i%14 == 0 {
				sb.WriteString(".\n")
				cp += 2
			} else {
				sb.WriteByte(' ')
				cp++
			}
		}
		w := commandWords[r.IntN(len(commandWords))]
		if r.IntN(2) == 0 {
			// Zipf-like: a few words often, most rarely.
			w = vocab[int(float64(len(vocab))*r.Float64()*r.Float64()*r.Float64())]
		}
		starts = append(starts, cp)
		sb.WriteString(w)
		cp += len([]rune(w))
		ends = append(ends, cp)
	}
	sb.WriteByte('.')
	return sb.String(), starts, ends
}

// writeCorpus writes the Alama JSONL corpus and returns its size.
func writeCorpus(name string) (int64, error) {
	type span struct {
		ID    int    `json:"id"`
		Start int    `json:"start"`
		End   int    `json:"end"`
		Label string `json:"label"`
	}
	type doc struct {
		ID     int            `json:"id"`
		Title  string         `json:"title"`
		Text   string         `json:"text"`
		Meta   map[string]any `json:"meta"`
		Status string         `json:"status"`
		Spans  []span         `json:"spans"`
	}
	f, err := os.Create(name)
	if err != nil {
		return 0, err
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	r := rand.New(rand.NewPCG(14, 3))
	vocab := vocabulary(r, 20000)
	for i := range benchArticles {
		text, starts, ends := benchArticle(r, vocab, benchArticleSize)
		d := doc{ID: i + 1, Title: fmt.Sprintf("خبر %d", i+1), Text: text, Meta: map[string]any{"source": "bench"}, Status: "new"}
		for s := range benchSpans {
			w := (s*len(starts))/benchSpans + r.IntN(len(starts)/benchSpans-2)
			d.Spans = append(d.Spans, span{ID: s + 1, Start: starts[w], End: ends[w+1], Label: commandLabels[s]})
		}
		if err := enc.Encode(d); err != nil {
			return 0, err
		}
	}
	if err := w.Flush(); err != nil {
		return 0, err
	}
	info, err := f.Stat()
	if err != nil {
		return 0, err
	}
	return info.Size(), f.Close()
}

// writeLongCoNLL writes one CoNLL document of benchTokens tokens in
// sentences of 15, with about one entity of one to three tokens in 14.
func writeLongCoNLL(name string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	r := rand.New(rand.NewPCG(14, 4))
	inside := 0
	label := ""
	for i := range benchTokens {
		if i > 0 && i%15 == 0 {
			w.WriteString("\n")
			inside = 0
		}
		tag := "O"
		switch {
		case inside > 0:
			tag = "I-" + label
			inside--
		case r.IntN(14) == 0:
			label = commandLabels[r.IntN(len(commandLabels))]
			tag = "B-" + label
			inside = r.IntN(3)
		}
		fmt.Fprintf(w, "%s\t%s\n", commandWords[r.IntN(len(commandWords))], tag)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

// runCommand runs the binary and returns its wall time and peak resident
// memory in bytes.
func runCommand(bin string, args ...string) (time.Duration, int64, error) {
	cmd := exec.Command(bin, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return 0, 0, fmt.Errorf("alama %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	var peak int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		peak = ru.Maxrss * 1024 // kilobytes on Linux
	}
	return wall, peak, nil
}

// benchCommand times one command per iteration; before runs untimed ahead
// of each (to remove what the last one wrote).
func benchCommand(b *testing.B, bin string, before func(), args func() []string) {
	var peak int64
	var total time.Duration
	for b.Loop() {
		b.StopTimer()
		if before != nil {
			before()
		}
		a := args()
		b.StartTimer()
		wall, rss, err := runCommand(bin, a...)
		if err != nil {
			b.Fatal(err)
		}
		total += wall
		peak = max(peak, rss)
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
	b.ReportMetric(total.Seconds()/float64(b.N), "s/command")
}

// commandDir keeps the binary, the corpus and the projects of the command
// benchmarks in a folder, to profile a command on them afterwards.
var commandDir = flag.String("command.dir", "", "write the command benchmarks' binary, corpus and projects into `DIR` and keep them")

// BenchmarkCommand builds the binary and the corpus once, then times the
// commands and measures the floors.
func BenchmarkCommand(b *testing.B) {
	dir := *commandDir
	if dir == "" {
		dir = b.TempDir()
	}
	f := setupCommands(b, dir)
	b.Run("Import", func(b *testing.B) { benchImport(b, f) })
	b.Run("ImportLong", func(b *testing.B) { benchImportLong(b, f) })
	b.Run("Export", func(b *testing.B) { benchExport(b, f) })
	b.Run("Floor", func(b *testing.B) { benchFloor(b, f) })
}

// benchImport times `alama import` of the 10,000-article corpus
// into a new project and reports the project file's size against the
// corpus's.
func benchImport(b *testing.B, f *benchFiles) {
	project := filepath.Join(f.dir, "import.alama")
	clean := func() { _ = os.RemoveAll(project); _ = os.RemoveAll(project + ".backups") }
	benchCommand(b, f.bin, clean, func() []string { return []string{"import", "-project", project, f.corpus} })
	info, err := os.Stat(project)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(info.Size())/float64(f.corpusBytes), "file/input")
	b.ReportMetric(float64(f.corpusBytes)/(1<<20), "input-MB")
}

// benchImportLong times `alama import` of one CoNLL document of
// 150,000 tokens.
func benchImportLong(b *testing.B, f *benchFiles) {
	project := filepath.Join(f.dir, "long.alama")
	clean := func() { _ = os.RemoveAll(project); _ = os.RemoveAll(project + ".backups") }
	benchCommand(b, f.bin, clean, func() []string { return []string{"import", "-project", project, f.conll} })
}

// benchExport times `alama export` of the corpus's project to
// Alama JSONL, CoNLL and Parquet.
func benchExport(b *testing.B, f *benchFiles) {
	for _, format := range []string{"jsonl", "conll", "parquet"} {
		b.Run(format, func(b *testing.B) {
			out := filepath.Join(f.dir, "out."+format)
			benchCommand(b, f.bin, func() { _ = os.Remove(out) }, func() []string {
				return []string{"export", "-project", f.project, "-format", format, "-o", out}
			})
		})
	}
}

// benchFloor measures floors for the figures above in the same
// run: reading and decoding the corpus's JSON ("parse"), bbolt putting
// its texts and span records, 1,000 documents a transaction ("bbolt"), and
// reading every document of the corpus's project in-process, as each
// export does before it writes anything ("read").
func benchFloor(b *testing.B, f *benchFiles) {
	b.Run("read", func(b *testing.B) {
		for b.Loop() {
			p, err := store.Open(f.project, store.Options{ReadOnly: true})
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			for _, err := range p.All() {
				if err != nil {
					b.Fatal(err)
				}
				n++
			}
			if err := p.Close(); err != nil {
				b.Fatal(err)
			}
			if n != benchArticles {
				b.Fatalf("read %d documents", n)
			}
		}
	})
	type doc struct {
		Text  string            `json:"text"`
		Spans []json.RawMessage `json:"spans"`
	}
	read := func() []doc {
		file, err := os.Open(f.corpus)
		if err != nil {
			b.Fatal(err)
		}
		defer file.Close()
		var docs []doc
		sc := bufio.NewScanner(file)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var d doc
			if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
				b.Fatal(err)
			}
			docs = append(docs, d)
		}
		return docs
	}
	b.Run("parse", func(b *testing.B) {
		for b.Loop() {
			read()
		}
	})
	b.Run("bbolt", func(b *testing.B) {
		docs := read()
		for b.Loop() {
			b.StopTimer()
			name := filepath.Join(b.TempDir(), "floor.db")
			b.StartTimer()
			db, err := bolt.Open(name, 0o600, nil)
			if err != nil {
				b.Fatal(err)
			}
			for i := 0; i < len(docs); i += 1000 {
				err := db.Update(func(tx *bolt.Tx) error {
					texts, err := tx.CreateBucketIfNotExists([]byte("texts"))
					if err != nil {
						return err
					}
					spans, err := tx.CreateBucketIfNotExists([]byte("spans"))
					if err != nil {
						return err
					}
					texts.FillPercent, spans.FillPercent = 0.9, 0.9
					for j := i; j < min(i+1000, len(docs)); j++ {
						k := []byte(fmt.Sprintf("%08d", j))
						if err := texts.Put(k, []byte(docs[j].Text)); err != nil {
							return err
						}
						for s, raw := range docs[j].Spans {
							if err := spans.Put(append(k, byte(s)), raw); err != nil {
								return err
							}
						}
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			if err := db.Close(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

package store

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"alama/annotate"
	"alama/annotate/format"
	"alama/annotate/search"
)

// The large-project figures run only when -large.project names a file:
//
//	go test ./store/ -run TestMakeLargeProject -large.project=/tmp/large.alama
//	go test ./store/ -run '^$' -bench Large -benchtime 5x -large.project=/tmp/large.alama
//	go test ./store/ -run TestLargeMemory -v -large.project=/tmp/large.alama
//
// scripts/large-project.sh runs them all with the command-line timings.
var (
	largeProject = flag.String("large.project", "", "project `FILE` of the large-project figures (made by TestMakeLargeProject)")
	largeN       = flag.Int("large.n", 100_000, "how many articles TestMakeLargeProject generates")
)

// largeSentences are original report sentences; A, L, T and E mark where
// an actor, a place, a time and an event go.
var largeSentences = []string{
	"أعلنَ A أنّ E سيبدأ T في L بعد أسابيع من التحضير.",
	"وقال A في مؤتمرٍ صحفيٍّ عُقد في L إنّ الحكومة ستدرس المقترحات الجديدة.",
	"وشهدت L T E شارك فيه المئات من السكان 🙂 وسط إجراءاتٍ أمنيّةٍ مشدّدة.",
	"ونقلت وكالةُ الأنباء عن A قولَه إنّ الأوضاع تتحسّن تدريجيًّا.",
	"وأكّدَ A أنّ E لن يؤثّر في إمدادات الوقود إلى L خلال الشتاء.",
	"وبحسب مصادرَ محلّيّةٍ، فإنّ E وقع T قربَ L دون أن يسفر عن إصابات.",
	"ودعا A إلى ضبط النفس، مشيرًا إلى أنّ الحوار هو السبيل الوحيد.",
	"واستقبلت L T وفدًا رفيعَ المستوى برئاسة A لبحث التعاون في مجال المياه.",
	"وارتفعت أسعارُ الخبز والزيت في أسواق L بنسبة 12% خلال الشهر الماضي.",
	"ويُتوقَّع أن يُستأنفَ E T بمشاركة A وممثّلين عن المجتمع المدنيّ.",
	"ونفى A ما تداولته وسائلُ التواصل بشأن E، ووصفه بأنّه شائعاتٌ لا أساس لها.",
	"وذكرت تقاريرُ أنّ الأمطارَ الغزيرة أغلقت طرقًا رئيسيّةً تربط L بالمدن المجاورة.",
}

var (
	largeActors = []string{"وزيرُ الخارجية", "رئيسُ البلدية", "المتحدّثُ باسم الجيش", "نقابةُ المعلّمين",
		"الأممُ المتّحدة", "مديرُ المستشفى", "محافظُ البنك المركزيّ", "لجنةُ الانتخابات"}
	largePlaces = []string{"بيروت", "الموصل", "صنعاء", "طرابلس", "الخرطوم", "عمّان", "حلب", "غزّة", "تونس", "الرباط"}
	largeTimes  = []string{"يومَ الأحد", "صباحَ الاثنين", "مساءَ الثلاثاء", "الأسبوعَ المقبل", "في 3 آذار", "منتصفَ الليل"}
	largeEvents = []string{"الاجتماعُ الطارئ", "الإضرابُ العامّ", "الانفجارُ", "الاتفاقُ التجاريّ",
		"الاقتراعُ", "الهجومُ", "المؤتمرُ الاقتصاديّ", "الاحتجاجُ"}
)

// largeArticle builds an article of about 4 KB from the sentences, with a
// span over the first few slots of each kind and relations from its first
// event, and a last line that makes its text unique.
func largeArticle(r *rand.Rand, n int) *annotate.Document {
	var b strings.Builder
	cp := 0
	write := func(s string) {
		b.WriteString(s)
		cp += annotate.RuneLen(s)
	}
	d := &annotate.Document{Title: fmt.Sprintf("نشرة رقم %d", n), Status: annotate.StatusNew}
	var id uint64
	for b.Len() < 4000 {
		s := largeSentences[r.IntN(len(largeSentences))]
		for i, word := range strings.Split(s, " ") {
			if i > 0 {
				write(" ")
			}
			core := strings.TrimRight(word, "،.")
			var label string
			var pick []string
			switch core {
			case "A":
				label, pick = "ACTOR", largeActors
			case "L":
				label, pick = "LOCATION", largePlaces
			case "T":
				label, pick = "TIME", largeTimes
			case "E":
				label, pick = "EVENT", largeEvents
			default:
				write(word)
				continue
			}
			text := pick[r.IntN(len(pick))]
			if len(d.Spans) < 8 {
				id++
				d.Spans = append(d.Spans, annotate.Span{ID: id, Start: cp, End: cp + annotate.RuneLen(text), Label: label, Annotator: "amal"})
			}
			write(text)
			write(word[len(core):])
		}
		write("\n")
	}
	write(fmt.Sprintf("رقم النشرة %d", n))
	d.Text = b.String()
	var event uint64
	for _, s := range d.Spans {
		if s.Label == "EVENT" {
			event = s.ID
			break
		}
	}
	for _, s := range d.Spans {
		rel := map[string]string{"ACTOR": "AGENT", "LOCATION": "PLACE", "TIME": "DATE"}[s.Label]
		if event != 0 && rel != "" && len(d.Relations) < 3 {
			id++
			d.Relations = append(d.Relations, annotate.Relation{ID: id, Type: rel, From: event, To: s.ID, Annotator: "amal"})
		}
	}
	return d
}

func needLarge(tb testing.TB) string {
	tb.Helper()
	if *largeProject == "" {
		tb.Skip("needs -large.project FILE")
	}
	return *largeProject
}

// TestMakeLargeProject writes -large.n generated articles into the
// project -large.project, a thousand per transaction.
func TestMakeLargeProject(t *testing.T) {
	path := needLarge(t)
	if _, err := os.Stat(path); err == nil {
		t.Skipf("%s exists already", path)
	}
	r := rand.New(rand.NewPCG(7, 11))
	p, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	var bytes int
	batch := make([]*annotate.Document, 0, 1000)
	for n := 1; n <= *largeN; n++ {
		d := largeArticle(r, n)
		bytes += len(d.Text)
		batch = append(batch, d)
		if len(batch) == cap(batch) || n == *largeN {
			if _, err := p.Import(batch); err != nil {
				t.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d articles, %.0f MB of text, generated and imported in %v; file %.0f MB",
		*largeN, float64(bytes)/1e6, time.Since(start).Round(time.Millisecond), float64(info.Size())/1e6)
}

// BenchmarkLargeOpenList is what the window needs before it is usable:
// open, schema, document list.
func BenchmarkLargeOpenList(b *testing.B) {
	path := needLarge(b)
	var docs int
	for range b.N {
		p, err := Open(path, Options{KeepBackups: -1})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := p.Schema(); err != nil {
			b.Fatal(err)
		}
		list, err := p.Documents()
		if err != nil {
			b.Fatal(err)
		}
		docs = len(list)
		if err := p.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(docs), "docs")
}

// BenchmarkLargeDocument loads one random document of the large project.
func BenchmarkLargeDocument(b *testing.B) {
	p, list := openLarge(b)
	r := rand.New(rand.NewPCG(1, 1))
	b.ResetTimer()
	for range b.N {
		if _, err := p.Document(list[r.IntN(len(list))].ID); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLargeSearch times a query over the whole project: "first"
// includes reading and folding every text, "again" is a later query on
// the same index, as the window makes them.
func BenchmarkLargeSearch(b *testing.B) {
	p, _ := openLarge(b)
	queries := []string{"الاتفاق التجاري", "صنعاء", "وزير الخارجيه", "الاضراب العام"}
	b.Run("first", func(b *testing.B) {
		for range b.N {
			if _, err := search.NewIndex(p).Search(queries[0], search.Options{Limit: 1000, Context: 30}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("again", func(b *testing.B) {
		x := search.NewIndex(p)
		if _, err := x.Search(queries[0], search.Options{Limit: 1000, Context: 30}); err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		for i := range b.N {
			if _, err := x.Search(queries[1+i%3], search.Options{Limit: 1000, Context: 30}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkLargeExportJSONL writes every document as Alama JSONL.
func BenchmarkLargeExportJSONL(b *testing.B) {
	p, _ := openLarge(b)
	s, err := p.Schema()
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		w := bufio.NewWriterSize(io.Discard, 1<<20)
		rep, err := format.ExportTo(w, format.JSONL, p.All(), s, format.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(rep.Documents), "docs")
	}
}

func openLarge(b *testing.B) (*Project, []annotate.DocInfo) {
	b.Helper()
	path := needLarge(b)
	p, err := Open(path, Options{KeepBackups: -1})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = p.Close() })
	list, err := p.Documents()
	if err != nil {
		b.Fatal(err)
	}
	return p, list
}

// TestLargeMemory opens the large project, lists it and loads one
// document, as the window does, and logs the memory that took. Run it
// alone, so that the peak is its own.
func TestLargeMemory(t *testing.T) {
	path := needLarge(t)
	start := time.Now()
	p, err := Open(path, Options{KeepBackups: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	list, err := p.Documents()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Document(list[len(list)/2].ID); err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	t.Logf("open + list of %d documents + one document: %v; Go heap in use %.1f MB, Go memory from the system %.1f MB, peak resident set %s",
		len(list), took.Round(time.Millisecond), float64(m.HeapInuse)/1e6, float64(m.Sys)/1e6, peakRSS())
	runtime.KeepAlive(list)
}

// peakRSS reads the process's peak resident set size where the system
// reports it.
func peakRSS() string {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

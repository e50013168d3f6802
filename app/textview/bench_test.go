package textview

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// benchSentences are original news-style sentences for the benchmark
// article.
var benchSentences = []string{
	"أعلنت وزارة الاقتصاد صباح اليوم عن خطة جديدة لدعم المشاريع الصغيرة في المحافظات الجنوبية.",
	"وقال المتحدث باسم الوزارة إن الخطة تشمل قروضاً ميسرة بقيمة 300 مليون دولار على مدى ثلاث سنوات.",
	"ونقلت وكالة Reuters عن مسؤول في البنك المركزي أن نسبة التضخم تراجعت إلى 7% خلال الربع الأخير.",
	"وفي سياق متصل، عقد المجلس البلدي اجتماعاً طارئاً لبحث أزمة المياه في الأحياء الشرقية.",
	"وأكد رئيس المجلس أن فرق الصيانة ستبدأ العمل يوم 14/09/2025 لإصلاح الشبكة القديمة.",
	"من جهتها، طالبت نقابة المعلمين بزيادة الرواتب وتحسين ظروف العمل في المدارس الحكومية.",
	"وذكر بيان صادر عن النقابة أن «المفاوضات لم تصل بعد إلى نتيجة مرضية» للطرفين.",
	"كما شارك وفد من شركة Green Valley Holdings في المعرض الدولي للطاقة المتجددة (الدورة الخامسة).",
	"وأشار خبراء إلى أن الاستثمار في الطاقة الشمسية قد يخفض فاتورة الكهرباء بنحو الربع.",
	"وتوقعت مصادر مطلعة أن يصدر القرار النهائي بشأن الموازنة قبل نهاية الشهر المقبل.",
	"وَقالَ شاهدُ عيانٍ إنَّ الطريقَ أُغلِقَ لساعاتٍ بسببِ الأمطارِ الغزيرةِ.",
	"واختتم المؤتمر أعماله بتوصيات تدعو إلى تعزيز التعاون الإقليمي في مجالات النقل والتجارة.",
}

// benchArticle returns an article of at least words words, in paragraphs
// of five sentences.
func benchArticle(words int) string {
	var b strings.Builder
	n := 0
	for i := 0; n < words; i++ {
		s := benchSentences[i%len(benchSentences)]
		n += len(strings.Fields(s))
		b.WriteString(s)
		if i%5 == 4 {
			b.WriteByte('\n')
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// BenchmarkLayout lays out a 5,000-word article at 760 units: cold with an
// empty shaping cache (every piece shaped), warm with the cache filled.
func BenchmarkLayout(b *testing.B) {
	text := benchArticle(5000)
	b.Run("cold", func(b *testing.B) {
		for b.Loop() {
			theShaper.mu.Lock()
			theShaper.cache = nil
			theShaper.mu.Unlock()
			NewLayout(text, 760, Options{Size: 16, Dir: Auto})
		}
	})
	b.Run("warm", func(b *testing.B) {
		NewLayout(text, 760, Options{Size: 16, Dir: Auto})
		for b.Loop() {
			NewLayout(text, 760, Options{Size: 16, Dir: Auto})
		}
	})
}

// BenchmarkSpanChange measures the repaint after a span change on a
// 5,000-word article in an 800×600 window: rebuilding the objects of the
// visible lines, and that plus the software painter drawing the frame.
func BenchmarkSpanChange(b *testing.B) {
	text := benchArticle(5000)
	test.NewTempApp(b)
	v := New()
	v.SetTextSize(16)
	v.SetText(text)
	w := test.NewTempWindow(b, v)
	w.Resize(fyne.NewSize(800, 600))
	w.Canvas().Capture()
	spans := make([]Span, 0, 400)
	for i := 0; i < 400; i++ {
		spans = append(spans, Span{ID: uint64(i), Start: i * 40, End: i*40 + 12, Color: blue})
	}
	b.Run("objects", func(b *testing.B) {
		i := 0
		for b.Loop() {
			spans[0].End = 5 + i%7
			v.SetSpans(spans)
			i++
		}
	})
	b.Run("objects+paint", func(b *testing.B) {
		i := 0
		for b.Loop() {
			spans[0].End = 5 + i%7
			v.SetSpans(spans)
			w.Canvas().Capture()
			i++
		}
	})
}

// BenchmarkFirstPaint opens a 5,000-word article in an 800×600 window and
// paints it once: this view against Fyne's stock RichText in a scroll
// container, the way it would be shown without this package. The stock
// widget takes seconds, so run it with -benchtime=1x.
func BenchmarkFirstPaint(b *testing.B) {
	text := benchArticle(5000)
	test.NewTempApp(b)
	b.Run("textview", func(b *testing.B) {
		for b.Loop() {
			theShaper.mu.Lock()
			theShaper.cache = nil
			theShaper.mu.Unlock()
			v := New()
			v.SetText(text)
			w := test.NewWindow(v)
			w.Resize(fyne.NewSize(800, 600))
			w.Canvas().Capture()
			w.Close()
		}
	})
	// Our part of the first paint: shaping and laying out the text with a
	// cold cache and building the objects of the lines in view, without
	// the test driver's software rasterizer.
	b.Run("textview-without-raster", func(b *testing.B) {
		for b.Loop() {
			theShaper.mu.Lock()
			theShaper.cache = nil
			theShaper.mu.Unlock()
			v := New()
			v.SetText(text)
			w := test.NewWindow(v)
			w.Resize(fyne.NewSize(800, 600))
			w.Close()
		}
	})
	b.Run("richtext", func(b *testing.B) {
		for b.Loop() {
			rt := widget.NewRichTextWithText(text)
			rt.Wrapping = fyne.TextWrapWord
			w := test.NewWindow(container.NewVScroll(rt))
			w.Resize(fyne.NewSize(800, 600))
			w.Canvas().Capture()
			w.Close()
		}
	})
}

func TestBenchArticle(t *testing.T) {
	text := benchArticle(5000)
	if n := len(strings.Fields(text)); n < 5000 || n > 5100 {
		t.Errorf("article has %d words, want about 5000", n)
	}
	l := NewLayout(text, 760, Options{Size: 16, Dir: Auto})
	if got := fmt.Sprint(len(l.lines) > 100); got != "true" {
		t.Errorf("article laid out in %d lines", len(l.lines))
	}
}

// BenchmarkDragStep measures one drag event on a 10,000-word article in an
// 800×600 window: hit-testing, the new selection and the objects of the
// visible lines (painting excluded).
func BenchmarkDragStep(b *testing.B) {
	test.NewTempApp(b)
	v := New()
	v.SetTextSize(16)
	v.SetText(benchArticle(10000))
	w := test.NewTempWindow(b, v)
	w.Resize(fyne.NewSize(800, 600))
	w.Canvas().Capture()
	from := fyne.NewPos(700, 30)
	v.body.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: from}, Button: desktop.MouseButtonPrimary})
	i := 0
	for b.Loop() {
		to := fyne.NewPos(float32(100+i%500), float32(30+i%400))
		v.body.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: to}, Dragged: fyne.NewDelta(1, 1)})
		i++
	}
	v.body.DragEnd()
}

package arabic

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// benchWords are words for generated benchmark text: harakat, tatweel,
// clitics, numbers, Latin, a URL and an emoji.
var benchWords = strings.Fields(`قال أكد وأضاف الوزيرُ الحكومة للحكومة بالقاهرة والأمم المتحدة كَتَبَ
المراسلُ مستشفـــى حكومتها عليهم ٣٫٥ 1,200 25% COVID-19 https://example.org/a 🙂 «نعم» ،
في من إلى بيروت دمشق وزير باريس فرنسا الاجتماع المفاوضات سيعقد`)

// benchText returns about n bytes of generated text.
func benchText(n int) string {
	r := rand.New(rand.NewPCG(3, 4))
	var b strings.Builder
	for b.Len() < n {
		b.WriteString(benchWords[r.IntN(len(benchWords))])
		switch r.IntN(15) {
		case 0:
			b.WriteString(".\n")
		case 1:
			b.WriteString(". ")
		default:
			b.WriteByte(' ')
		}
	}
	return b.String()
}

func BenchmarkTokenize(b *testing.B) {
	text := benchText(40 << 10)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Tokenize(text)
	}
}

func BenchmarkSentences(b *testing.B) {
	text := benchText(40 << 10)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Sentences(text)
	}
}

func BenchmarkFold(b *testing.B) {
	text := benchText(40 << 10)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Fold(text)
	}
}

func BenchmarkFindWords(b *testing.B) {
	s := NewSearcher(benchText(40 << 10))
	for b.Loop() {
		s.FindWords("الحكومة")
	}
}

func BenchmarkSegment(b *testing.B) {
	for b.Loop() {
		for _, w := range benchWords {
			Segment(w)
		}
	}
}

func BenchmarkTokensAndSentences(b *testing.B) {
	text := benchText(40 << 10)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		TokensAndSentences(text)
	}
}

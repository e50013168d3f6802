package annotate

import (
	"fmt"
	"iter"
	"time"
)

// DocInfo is what a document list shows: a document without its text.
type DocInfo struct {
	ID        uint64
	Title     string
	Status    Status
	Runes     int // text length in code points
	Spans     int
	Relations int
}

// Project is what the user interface needs from a stored project. Every
// method that changes the project has committed the change durably when it
// returns without error.
type Project interface {
	// Schema returns the project's annotation schema.
	Schema() (*Schema, error)
	// SetSchema replaces the schema. It fails if a label, attribute value or
	// relation type still in use would disappear.
	SetSchema(s *Schema) error
	// RenameLabel renames a span label in the schema and on every span
	// that has it, history included, all in one step.
	RenameLabel(old, new string) error
	// RenameRelationType renames a relation type in the schema and on
	// every relation that has it, history included, all in one step.
	RenameRelationType(old, new string) error
	// Documents lists the documents in id order, without their texts. A
	// document whose stored record cannot be read is left out: the others
	// are returned with an error joining an *UnreadableError for each.
	Documents() ([]DocInfo, error)
	// Document loads one document with its spans and relations.
	Document(id uint64) (*Document, error)
	// All yields every document in id order, one at a time, for exports.
	// A document whose stored record cannot be read is yielded as an
	// *UnreadableError, and the documents after it follow.
	All() iter.Seq2[*Document, error]
	// Apply commits an edit to a document (filling zero span and relation
	// ids) and returns the document as it now is.
	Apply(docID uint64, e Edit) (*Document, error)
	// Undo reverts the document's latest edit; ok is false if there is none.
	Undo(docID uint64) (d *Document, ok bool, err error)
	// Redo applies again the latest undone edit; ok is false if there is none.
	Redo(docID uint64) (d *Document, ok bool, err error)
	// Import adds documents with their spans and relations in one
	// transaction: all of them, or none on error. ids[i] is the new id of
	// docs[i], or 0 when a document with the same text was already in the
	// project and docs[i] was skipped.
	Import(docs []*Document) (ids []uint64, err error)
	// Suggest adds the spans of docs (a model's predictions, say) as
	// suggestions to the documents with the same text, one undoable edit
	// each, and adds the documents the project lacks, in one transaction.
	Suggest(docs []*Document) (SuggestResult, error)
	// BeginImport starts an import of many documents in several
	// transactions, all or nothing.
	BeginImport() (Importer, error)
	// ReplaceLayer makes the spans and relations of docs annotator's
	// layer of the project, in one transaction, never touching another
	// layer: a document the project lacks (found by its text) is added
	// whole; in one it has, annotator's spans and relations are replaced,
	// as one undoable edit. Every span and relation given must be
	// annotator's; two documents with the same text are refused
	// (ErrDuplicate). An *ImportError names a document that failed.
	ReplaceLayer(annotator string, docs []*Document) (LayerResult, error)
	// DeleteDocuments removes documents with their annotations and
	// history, all of them or none; an unknown id is ErrNotFound.
	DeleteDocuments(ids []uint64) error
	// BackupErr waits for the backup the project makes as it opens, if
	// any, and says why it failed (nil when it did not); the project is
	// usable either way.
	BackupErr() error
	// Stats counts documents by status, spans by label and relations by
	// type without reading texts; records that cannot be read are left
	// out and listed in Stats.Unreadable.
	Stats() (*Stats, error)
	// ReadOnly reports whether the project was opened read-only: every
	// change then fails with ErrReadOnly.
	ReadOnly() bool
	// Close releases the project file.
	Close() error
	Models
}

// StoredModel is a trained tagger as a project keeps it: the encoded model
// (see annotate/learn) and when it was trained.
type StoredModel struct {
	Data    []byte
	Trained time.Time
}

// Models is the part of a project that keeps its trained tagger, one at a
// time, and which documents have had its suggestions.
type Models interface {
	// Model returns the stored model; ok is false if there is none.
	Model() (m StoredModel, ok bool, err error)
	// SetModel stores m, replacing the model there was.
	SetModel(m StoredModel) error
	// SuggestedWith returns, for each document id given, when the model
	// whose suggestions it last received was trained (zero if never).
	SuggestedWith(ids []uint64) ([]time.Time, error)
	// MarkSuggested records that the documents received the suggestions
	// of the model trained at trained.
	MarkSuggested(ids []uint64, trained time.Time) error
}

// MaxTextBytes is the largest document text a project takes, in UTF-8
// bytes: 64 MB, some 30 million Arabic letters, far beyond any article.
const MaxTextBytes = 64 << 20

// LayerResult says what replacing one annotator's layer (importing a
// bundle, say) did.
type LayerResult struct {
	IDs       []uint64 // the project id of each document given, in order
	Added     int      // documents new to the project, added whole
	Replaced  int      // documents whose layer was replaced
	Unchanged int      // documents whose layer was the same already
	Spans     int      // spans in the layer given
	Relations int      // relations in the layer given
}

// ImportError says which document of an import was rejected.
type ImportError struct {
	Index int // 0-based index into the documents given to Import or Add
	Err   error
}

func (e *ImportError) Error() string {
	return fmt.Sprintf("document %d of the import: %v", e.Index+1, e.Err)
}

// Unwrap returns the cause.
func (e *ImportError) Unwrap() error { return e.Err }

// UnreadableError is what Project.All yields (and Project.Documents
// returns, joined) for a document whose stored record cannot be read (a damaged project file): the caller may leave it
// out and go on, naming it. Err says what is wrong and names the document.
type UnreadableError struct {
	ID  uint64
	Err error
}

func (e *UnreadableError) Error() string { return e.Err.Error() }

// Unwrap returns the cause.
func (e *UnreadableError) Unwrap() error { return e.Err }

// Importer adds documents to a project in several transactions, one per
// Add, and is still all or nothing: Commit keeps what was added, Abort
// takes it out again, and so does the next opening of the project when the
// process ended before either.
type Importer interface {
	// Add imports docs in one transaction, as Project.Import does.
	Add(docs []*Document) (ids []uint64, err error)
	// Commit ends the import and keeps what it added.
	Commit() error
	// Abort ends the import and removes every document it added.
	Abort() error
}

// SuggestResult says what Project.Suggest did.
type SuggestResult struct {
	IDs       []uint64 // the project id of each document given
	New       int      // documents the project lacked, added whole
	Added     int      // suggestions added to documents it had
	Present   int      // spans left out because the layer already has them
	Relations int      // relations given for documents it had, which suggestions do not carry
}

// Stats counts what a project holds.
type Stats struct {
	Documents       int
	ByStatus        map[Status]int
	Spans           int
	SpansByLabel    map[string]int
	Suggested       int // spans not yet accepted by a person
	Relations       int
	RelationsByType map[string]int
	// Unreadable holds an *UnreadableError for each document
	// whose record (or a record of its spans or relations) cannot be
	// read; the counts leave that record out and go on.
	Unreadable []error
}

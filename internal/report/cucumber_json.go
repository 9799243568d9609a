package report

// The shapes of godog v0.16.0's cucumber formatter
// (internal/formatters/fmt_cucumber.go), field for field and in its order,
// so the files agree byte for byte but for durations.

type featureJSON struct {
	URI         string        `json:"uri"`
	ID          string        `json:"id"`
	Keyword     string        `json:"keyword"`
	Name        string        `json:"name"`
	Description string        `json:"description"`
	Line        int           `json:"line"`
	Comments    []commentJSON `json:"comments,omitempty"`
	Tags        []tagJSON     `json:"tags,omitempty"`
	Elements    []elementJSON `json:"elements,omitempty"`
}

type commentJSON struct {
	Value string `json:"value"`
	Line  int    `json:"line"`
}

type tagJSON struct {
	Name string `json:"name"`
	Line int    `json:"line"`
}

type elementJSON struct {
	ID          string     `json:"id"`
	Keyword     string     `json:"keyword"`
	Name        string     `json:"name"`
	Description string     `json:"description"`
	Line        int        `json:"line"`
	Type        string     `json:"type"`
	Tags        []tagJSON  `json:"tags,omitempty"`
	Steps       []stepJSON `json:"steps,omitempty"`
}

type stepJSON struct {
	Keyword    string          `json:"keyword"`
	Name       string          `json:"name"`
	Line       int             `json:"line"`
	DocString  *docStringJSON  `json:"doc_string,omitempty"`
	Match      matchJSON       `json:"match"`
	Result     resultJSON      `json:"result"`
	Rows       []*rowJSON      `json:"rows,omitempty"`
	Embeddings []embeddingJSON `json:"embeddings,omitempty"`
	Output     []string        `json:"output,omitempty"`
}

type docStringJSON struct {
	Value       string `json:"value"`
	ContentType string `json:"content_type"`
	Line        int    `json:"line"`
}

type matchJSON struct {
	Location string `json:"location"`
}

type resultJSON struct {
	Status   string `json:"status"`
	Error    string `json:"error_message,omitempty"`
	Duration *int   `json:"duration,omitempty"`
}

type rowJSON struct {
	Cells []string `json:"cells"`
}

// embeddingJSON's Data is base64 in JSON, as godog writes it.
type embeddingJSON struct {
	Name     string `json:"name"`
	MimeType string `json:"mime_type"`
	Data     []byte `json:"data"`
}

// Package jsonindent indents the JSON that json.Marshal writes, as
// json.Indent does, in a third of the time: json.Indent's scanner
// validates its input a byte at a time, which cost the report writers as
// much as encoding their records. results.json, cucumber.json and
// trace.json use it.
package jsonindent

// Append appends src, JSON as json.Marshal writes it (compact and
// valid), laid out as json.Indent lays it out with prefix and indent: the
// same bytes (the tests compare them) without json.Indent's scanner, which
// validates src a byte at a time and cost as much as encoding it. Anything
// else in src (spaces between tokens, invalid JSON) is not its concern.
func Append(dst, src []byte, prefix, indent string) []byte {
	depth := 0
	open := false // after { or [: the newline waits for a first element
	for i := 0; i < len(src); i++ {
		c := src[i]
		if open && c != '}' && c != ']' {
			open = false
			depth++
			dst = appendNewline(dst, prefix, indent, depth)
		}
		switch c {
		case '"': // a string, copied whole: its punctuation is not structure
			j := i + 1
			for j < len(src) && src[j] != '"' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			j = min(j+1, len(src))
			dst = append(dst, src[i:j]...)
			i = j - 1
		case '{', '[':
			dst = append(dst, c)
			open = true
		case ',':
			dst = append(dst, c)
			dst = appendNewline(dst, prefix, indent, depth)
		case ':':
			dst = append(dst, ':', ' ')
		case '}', ']':
			if open {
				open = false // empty: {} or []
			} else {
				depth--
				dst = appendNewline(dst, prefix, indent, depth)
			}
			dst = append(dst, c)
		default: // numbers, true, false, null
			dst = append(dst, c)
		}
	}
	return dst
}

func appendNewline(dst []byte, prefix, indent string, depth int) []byte {
	dst = append(dst, '\n')
	dst = append(dst, prefix...)
	for range depth {
		dst = append(dst, indent...)
	}
	return dst
}

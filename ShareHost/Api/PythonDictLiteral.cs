using System.Globalization;
using System.Text;

namespace ShareHost.Api;

/// <summary>
/// Reads the flat dictionaries Manila takes in query strings, written as Python literals (<c>{'k': 'v', 'b': True}</c>)
/// or as JSON (<c>{"k": "v", "b": true}</c>). Values come back as extra spec strings: booleans as <c>True</c>/<c>False</c>,
/// numbers as written. Anything else (nesting, None, trailing text) is refused.
/// </summary>
public sealed class PythonDictLiteral
{
    private readonly string _text;
    private int _position;

    private PythonDictLiteral(string text) => _text = text;

    /// <summary>The dictionary, or null when the text is not a flat dictionary literal.</summary>
    public static Dictionary<string, string>? TryParse(string text)
    {
        var parser = new PythonDictLiteral(text);
        try
        {
            parser.SkipBlanks();
            var result = parser.Dictionary();
            parser.SkipBlanks();
            return parser._position == text.Length ? result : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private Dictionary<string, string> Dictionary()
    {
        Expect('{');
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        SkipBlanks();
        if (TryConsume('}'))
        {
            return result;
        }

        while (true)
        {
            SkipBlanks();
            var key = QuotedString();
            SkipBlanks();
            Expect(':');
            SkipBlanks();
            result[key] = Value();
            SkipBlanks();
            if (TryConsume('}'))
            {
                return result;
            }

            Expect(',');
            SkipBlanks();
            if (TryConsume('}'))
            {
                return result; // Python allows a trailing comma
            }
        }
    }

    private string Value()
    {
        if (Peek() is '\'' or '"')
        {
            return QuotedString();
        }

        var start = _position;
        while (_position < _text.Length && (char.IsLetterOrDigit(_text[_position]) || _text[_position] is '.' or '-' or '+'))
        {
            _position++;
        }

        var word = _text[start.._position];
        return word switch
        {
            "True" or "true" => "True",
            "False" or "false" => "False",
            _ when double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out _) => word,
            _ => throw new FormatException(),
        };
    }

    private string QuotedString()
    {
        var quote = Peek();
        if (quote is not ('\'' or '"'))
        {
            throw new FormatException();
        }

        _position++;
        var value = new StringBuilder();
        while (_position < _text.Length && _text[_position] != quote)
        {
            var c = _text[_position++];
            if (c != '\\')
            {
                value.Append(c);
                continue;
            }

            if (_position >= _text.Length)
            {
                throw new FormatException();
            }

            var escaped = _text[_position++];
            value.Append(escaped switch
            {
                'n' => "\n",
                't' => "\t",
                'r' => "\r",
                'u' when _position + 4 <= _text.Length && int.TryParse(_text.AsSpan(_position, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code)
                    => Unicode(code),
                _ => escaped.ToString(),
            });
        }

        Expect(quote);
        return value.ToString();
    }

    private string Unicode(int code)
    {
        _position += 4;
        return ((char)code).ToString();
    }

    private char Peek() => _position < _text.Length ? _text[_position] : '\0';

    private bool TryConsume(char c)
    {
        if (Peek() != c)
        {
            return false;
        }

        _position++;
        return true;
    }

    private void Expect(char c)
    {
        if (!TryConsume(c))
        {
            throw new FormatException();
        }
    }

    private void SkipBlanks()
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
        {
            _position++;
        }
    }
}

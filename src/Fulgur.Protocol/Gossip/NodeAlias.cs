using System.Text;
using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Gossip;

/// <summary>
/// A node's 32-byte <c>alias</c>, kept byte for byte (it is signed). <see cref="ToString"/> gives the text with its
/// zero padding removed; the alias is user-chosen and untrusted, so callers must escape it before display.
/// </summary>
public readonly record struct NodeAlias(Bytes32 Value)
{
    public const int Length = Bytes32.Length;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static readonly NodeAlias Empty;

    /// <summary>
    /// An alias from text of at most 32 UTF-8 bytes, zero padded.
    /// </summary>
    // BOLT #7: "MUST set `alias` to a valid UTF-8 string, with any `alias` trailing-bytes equal to 0."
    public static NodeAlias FromString(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Span<byte> bytes = stackalloc byte[Length];
        bytes.Clear();
        if (text.Contains('\0', StringComparison.Ordinal))
            throw new ArgumentException("an alias cannot contain NUL", nameof(text));
        if (!Encoding.UTF8.TryGetBytes(text, bytes, out _))
            throw new ArgumentException($"alias '{text}' is longer than {Length} UTF-8 bytes", nameof(text));
        return new NodeAlias(Bytes32.FromSpan(bytes));
    }

    /// <summary>
    /// True when the alias is valid UTF-8 up to its first zero byte and all zero after it, as origins must send it.
    /// </summary>
    public bool IsWellFormed
    {
        get
        {
            Span<byte> bytes = stackalloc byte[Length];
            Value.CopyTo(bytes);
            var end = bytes.IndexOf((byte)0);
            if (end < 0)
                end = Length;
            if (bytes[end..].ContainsAnyExcept((byte)0))
                return false;
            try
            {
                StrictUtf8.GetCharCount(bytes[..end]);
                return true;
            }
            catch (DecoderFallbackException)
            {
                return false;
            }
        }
    }

    /// <summary>The text before the first zero byte; invalid UTF-8 becomes U+FFFD.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Length];
        Value.CopyTo(bytes);
        var end = bytes.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? bytes : bytes[..end]);
    }
}

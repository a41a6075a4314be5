using Fulgur.Protocol.Wire;

namespace Fulgur.Protocol.Gossip;

/// <summary>The encoding byte in front of <c>encoded_short_ids</c>, <c>encoded_timestamps</c> and <c>encoded_query_flags</c>.</summary>
public enum GossipEncoding : byte
{
    // BOLT #7: "`0`: uncompressed array of `short_channel_id` types, in ascending order."
    Uncompressed = 0,

    // BOLT #7: "`1`: Previously used for zlib compression, this encoding MUST NOT be used."
    Zlib = 1,
}

/// <summary>Why an encoded array of a gossip query could not be decoded.</summary>
public enum GossipQueryErrorKind
{
    None,

    /// <summary>Encoding type 1 (zlib): withdrawn from the spec, refused.</summary>
    ZlibRefused,

    /// <summary>An encoding type the spec does not define.</summary>
    UnknownEncoding,

    /// <summary>The bytes are not a whole number of elements.</summary>
    NotWholeElements,

    /// <summary>A query flag that is not a minimal BigSize.</summary>
    InvalidQueryFlag,

    /// <summary>An array whose element count differs from the number of <c>short_channel_id</c>s it annotates.</summary>
    CountMismatch,

    /// <summary>A reply for another chain than the query's.</summary>
    ChainMismatch,

    /// <summary>A <c>reply_channel_range</c> whose blocks break the ordering and coverage rules.</summary>
    ReplyOutOfRange,
}

/// <summary>
/// A gossip query the receiver may answer with a <c>warning</c> and may close the connection over (BOLT 7 leaves
/// both optional for every one of these).
/// </summary>
public readonly record struct GossipQueryError(GossipQueryErrorKind Kind, string Detail)
{
    public static readonly GossipQueryError None = new(GossipQueryErrorKind.None, "");

    public bool IsNone => Kind == GossipQueryErrorKind.None;

    public override string ToString() => Detail.Length == 0 ? Kind.ToString() : $"{Kind}: {Detail}";
}

/// <summary>Reading the <c>[byte:encoding_type][...]</c> arrays shared by the query messages.</summary>
internal static class EncodedArray
{
    /// <summary>A reader over a value element; returns false when the element is malformed.</summary>
    public delegate bool ElementReader<T>(ref WireReader reader, out T element);

    /// <summary>
    /// Decodes an encoding byte then elements until the end. An empty input is an empty array: some
    /// implementations send <c>len</c> 0 for "no channels", and there is nothing in it to misread.
    /// </summary>
    public static bool TryDecode<T>(ReadOnlySpan<byte> raw, string what, ElementReader<T> read, out List<T> elements,
        out GossipQueryError error)
    {
        elements = [];
        error = GossipQueryError.None;
        if (raw.IsEmpty)
            return true;
        switch ((GossipEncoding)raw[0])
        {
            case GossipEncoding.Uncompressed:
                break;
            case GossipEncoding.Zlib:
                // BOLT #7: "`1`: Previously used for zlib compression, this encoding MUST NOT be used."
                error = new GossipQueryError(GossipQueryErrorKind.ZlibRefused, $"{what} uses the withdrawn zlib encoding");
                return false;
            default:
                error = new GossipQueryError(GossipQueryErrorKind.UnknownEncoding, $"{what} has unknown encoding type {raw[0]}");
                return false;
        }
        var reader = new WireReader(raw[1..]);
        while (!reader.IsAtEnd)
        {
            var start = reader.Position;
            if (!read(ref reader, out var element))
            {
                var kind = reader.Error.Kind == WireErrorKind.Truncated
                    ? GossipQueryErrorKind.NotWholeElements
                    : GossipQueryErrorKind.InvalidQueryFlag;
                error = new GossipQueryError(kind, $"{what}: element at offset {start + 1}: {reader.Error}");
                elements = [];
                return false;
            }
            elements.Add(element);
        }
        return true;
    }

    /// <summary>Encodes with encoding type 0.</summary>
    public static byte[] Encode<T>(IEnumerable<T> elements, Action<WireWriter, T> write)
    {
        var list = elements.ToList();
        return WireWriter.ToArray(writer =>
        {
            writer.WriteU8((byte)GossipEncoding.Uncompressed);
            foreach (var element in list)
                write(writer, element);
        });
    }
}

using Fulgur.Protocol.Wire;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Gossip;

/// <summary>
/// Validators for the TLV values of the query messages. With encoding type 0 the value must be whole elements
/// (BOLT 1: a known type's value has the known encoding's length); other encoding types are kept as received and
/// refused when decoded, where BOLT 7 leaves the response (warning, closing) to the receiver.
/// </summary>
internal static class GossipTlvFormat
{
    /// <summary><c>[byte:encoding_type][...*byte:encoded_query_flags]</c>.</summary>
    public static readonly TlvValueValidator QueryFlags = static (ref r) =>
    {
        if (!r.TryReadU8(out var encoding))
            return false;
        if (encoding != (byte)GossipEncoding.Uncompressed)
        {
            r.ReadRemaining();
            return true;
        }
        // BOLT #7: "Query flags must be minimally encoded, which means that one flag will be encoded with a single byte."
        while (!r.IsAtEnd)
        {
            if (!r.TryReadBigSize(out _))
                return false;
        }
        return true;
    };

    /// <summary><c>[byte:encoding_type][...*byte:encoded_timestamps]</c>.</summary>
    public static readonly TlvValueValidator Timestamps = static (ref r) =>
    {
        if (!r.TryReadU8(out var encoding))
            return false;
        if (encoding == (byte)GossipEncoding.Uncompressed && r.Remaining % ChannelUpdateTimestamps.Length != 0)
            return r.Fail(WireErrorKind.TlvInvalidValue,
                $"{r.Remaining} bytes of timestamps is not a multiple of {ChannelUpdateTimestamps.Length}");
        r.ReadRemaining();
        return true;
    };
}

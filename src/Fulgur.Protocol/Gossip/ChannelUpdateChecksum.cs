using Fulgur.Protocol.Wire;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Protocol.Gossip;

/// <summary>The checksum <c>reply_channel_range</c>'s <c>checksums_tlv</c> carries for a <c>channel_update</c>.</summary>
public static class ChannelUpdateChecksum
{
    private const int SignatureLength = 64;
    private const int ChainHashAndScidLength = 32 + 8;
    private const int TimestampLength = 4;

    /// <summary>
    /// The CRC32C of the update's payload with <c>signature</c> and <c>timestamp</c> cut out: <c>chain_hash</c> and
    /// <c>short_channel_id</c>, then everything after <c>timestamp</c>, extension included (as Core Lightning reads
    /// "this <c>channel_update</c>").
    /// </summary>
    // BOLT #7: "The checksum of a `channel_update` is the CRC32C checksum as specified in RFC3720 of this
    // `channel_update` without its `signature` and `timestamp` fields."
    public static uint Compute(ChannelUpdateMessage update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var payload = WireWriter.ToArray(update.WritePayload).AsSpan(SignatureLength);
        var crc = Crc32C.Compute(payload[..ChainHashAndScidLength]);
        return Crc32C.Append(crc, payload[(ChainHashAndScidLength + TimestampLength)..]);
    }
}

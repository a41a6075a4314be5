using System.Diagnostics.CodeAnalysis;
using Fulgur.Protocol.Onion;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>
/// BOLT 2 <c>update_fail_malformed_htlc</c>: fails an HTLC whose onion the sender could not parse, naming the onion
/// by its hash and the problem by a BADONION <c>failure_code</c>.
/// </summary>
public sealed record UpdateFailMalformedHtlcMessage(
    ChannelId ChannelId,
    ulong Id,
    Bytes32 Sha256OfOnion,
    FailureCode FailureCode,
    TlvStream UnknownTlvs) : IWireMessage<UpdateFailMalformedHtlcMessage>
{
    public UpdateFailMalformedHtlcMessage(ChannelId channelId, ulong id, Bytes32 sha256OfOnion, FailureCode failureCode)
        : this(channelId, id, sha256OfOnion, failureCode, TlvStream.Empty)
    {
    }

    public static MessageType MessageType => new(135);

    public static string Name => "update_fail_malformed_htlc";

    public static IReadOnlyList<WireField> Fields { get; } =
    [
        new("channel_id", "channel_id"),
        new("u64", "id"),
        new("sha256", "sha256_of_onion"),
        new("u16", "failure_code"),
    ];

    public static TlvNamespace Tlvs => TlvNamespace.None;

    public MessageType Type => MessageType;

    // BOLT #2: "if the `BADONION` bit in `failure_code` is not set for
    // `update_fail_malformed_htlc`: - MUST send a `warning` and close the connection"
    /// <summary>False when the code lacks the BADONION bit, which the receiving channel must treat as a protocol violation.</summary>
    public bool HasBadOnionBit => (FailureCode.Value & FailureCode.BadOnionFlag) != 0;

    public static bool TryReadPayload(ref WireReader reader, [NotNullWhen(true)] out UpdateFailMalformedHtlcMessage? message)
    {
        message = null;
        if (!reader.TryReadChannelId(out var channelId)
            || !reader.TryReadU64(out var id)
            || !reader.TryReadBytes32(out var sha256OfOnion)
            || !reader.TryReadU16(out var failureCode)
            || !TlvStream.TryRead(ref reader, Tlvs, out var tlvs))
            return false;
        message = new UpdateFailMalformedHtlcMessage(channelId, id, sha256OfOnion, new FailureCode(failureCode), tlvs);
        return true;
    }

    public void WritePayload(WireWriter writer)
    {
        writer.WriteChannelId(ChannelId);
        writer.WriteU64(Id);
        writer.WriteBytes32(Sha256OfOnion);
        writer.WriteU16(FailureCode.Value);
        UnknownTlvs.Write(writer);
    }
}

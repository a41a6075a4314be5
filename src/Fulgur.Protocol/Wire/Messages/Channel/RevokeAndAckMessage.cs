using System.Diagnostics.CodeAnalysis;
using Fulgur.Crypto;
using Fulgur.Protocol.Channels;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>
/// BOLT 2 <c>revoke_and_ack</c>: revokes the sender's previous commitment by revealing its secret, and gives the
/// point for the commitment after the next.
/// </summary>
public sealed record RevokeAndAckMessage(
    ChannelId ChannelId,
    PerCommitmentSecret PerCommitmentSecret,
    PublicKey NextPerCommitmentPoint,
    TlvStream UnknownTlvs) : IWireMessage<RevokeAndAckMessage>
{
    public RevokeAndAckMessage(ChannelId channelId, PerCommitmentSecret perCommitmentSecret, PublicKey nextPerCommitmentPoint)
        : this(channelId, perCommitmentSecret, nextPerCommitmentPoint, TlvStream.Empty)
    {
    }

    public static MessageType MessageType => new(133);

    public static string Name => "revoke_and_ack";

    public static IReadOnlyList<WireField> Fields { get; } =
    [
        new("channel_id", "channel_id"),
        new("32*byte", "per_commitment_secret"),
        new("point", "next_per_commitment_point"),
    ];

    public static TlvNamespace Tlvs => TlvNamespace.None;

    public MessageType Type => MessageType;

    public static bool TryReadPayload(ref WireReader reader, [NotNullWhen(true)] out RevokeAndAckMessage? message)
    {
        message = null;
        if (!reader.TryReadChannelId(out var channelId)
            || !reader.TryReadPerCommitmentSecret(out var secret)
            || !reader.TryReadPoint(out var nextPoint)
            || !TlvStream.TryRead(ref reader, Tlvs, out var tlvs))
            return false;
        message = new RevokeAndAckMessage(channelId, secret, nextPoint, tlvs);
        return true;
    }

    public void WritePayload(WireWriter writer)
    {
        writer.WriteChannelId(ChannelId);
        writer.WritePerCommitmentSecret(PerCommitmentSecret);
        writer.WritePoint(NextPerCommitmentPoint);
        UnknownTlvs.Write(writer);
    }
}

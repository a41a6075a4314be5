using System.Diagnostics.CodeAnalysis;
using Fulgur.Crypto;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>BOLT 2 <c>funding_signed</c>: the fundee's signature on the funder's first commitment.</summary>
public sealed record FundingSignedMessage(ChannelId ChannelId, EcdsaSignature Signature, TlvStream UnknownTlvs)
    : IWireMessage<FundingSignedMessage>
{
    public FundingSignedMessage(ChannelId channelId, EcdsaSignature signature)
        : this(channelId, signature, TlvStream.Empty)
    {
    }

    public static MessageType MessageType => new(35);

    public static string Name => "funding_signed";

    public static IReadOnlyList<WireField> Fields { get; } =
    [
        new("channel_id", "channel_id"),
        new("signature", "signature"),
    ];

    public static TlvNamespace Tlvs => TlvNamespace.None;

    public MessageType Type => MessageType;

    public static bool TryReadPayload(ref WireReader reader, [NotNullWhen(true)] out FundingSignedMessage? message)
    {
        message = null;
        if (!reader.TryReadChannelId(out var channelId)
            || !reader.TryReadSignature(out var signature)
            || !TlvStream.TryRead(ref reader, Tlvs, out var tlvs))
            return false;
        message = new FundingSignedMessage(channelId, signature, tlvs);
        return true;
    }

    public void WritePayload(WireWriter writer)
    {
        writer.WriteChannelId(ChannelId);
        writer.WriteSignature(Signature);
        UnknownTlvs.Write(writer);
    }
}

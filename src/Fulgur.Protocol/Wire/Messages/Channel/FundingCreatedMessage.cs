using System.Diagnostics.CodeAnalysis;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>
/// BOLT 2 <c>funding_created</c>: the funder names the funding outpoint and signs the fundee's first commitment.
/// </summary>
/// <param name="FundingTxid">The funding txid, in internal byte order as the wire carries it.</param>
public sealed record FundingCreatedMessage(
    ChannelId TemporaryChannelId,
    TxId FundingTxid,
    ushort FundingOutputIndex,
    EcdsaSignature Signature,
    TlvStream UnknownTlvs) : IWireMessage<FundingCreatedMessage>
{
    public FundingCreatedMessage(ChannelId temporaryChannelId, TxId fundingTxid, ushort fundingOutputIndex, EcdsaSignature signature)
        : this(temporaryChannelId, fundingTxid, fundingOutputIndex, signature, TlvStream.Empty)
    {
    }

    public static MessageType MessageType => new(34);

    public static string Name => "funding_created";

    public static IReadOnlyList<WireField> Fields { get; } =
    [
        new("32*byte", "temporary_channel_id"),
        new("sha256", "funding_txid"),
        new("u16", "funding_output_index"),
        new("signature", "signature"),
    ];

    public static TlvNamespace Tlvs => TlvNamespace.None;

    public MessageType Type => MessageType;

    /// <summary>The channel id the funding outpoint gives the channel from here on.</summary>
    public ChannelId ChannelId => ChannelId.FromFundingOutput(FundingTxid.ToBytes(), FundingOutputIndex);

    public static bool TryReadPayload(ref WireReader reader, [NotNullWhen(true)] out FundingCreatedMessage? message)
    {
        message = null;
        if (!reader.TryReadChannelId(out var temporaryChannelId)
            || !reader.TryReadTxId(out var fundingTxid)
            || !reader.TryReadU16(out var fundingOutputIndex)
            || !reader.TryReadSignature(out var signature)
            || !TlvStream.TryRead(ref reader, Tlvs, out var tlvs))
            return false;
        message = new FundingCreatedMessage(temporaryChannelId, fundingTxid, fundingOutputIndex, signature, tlvs);
        return true;
    }

    public void WritePayload(WireWriter writer)
    {
        writer.WriteChannelId(TemporaryChannelId);
        writer.WriteTxId(FundingTxid);
        writer.WriteU16(FundingOutputIndex);
        writer.WriteSignature(Signature);
        UnknownTlvs.Write(writer);
    }
}

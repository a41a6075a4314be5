using System.Diagnostics.CodeAnalysis;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;
using Fulgur.Protocol.Channels;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>
/// A funding txid with the <c>retransmit_flags</c> byte that goes with it in <c>channel_reestablish</c>'s
/// <c>next_funding</c> and <c>my_current_funding_locked</c> TLVs. Bit 0 means <c>commitment_signed</c> in the first
/// and <c>announcement_signatures</c> in the second.
/// </summary>
public readonly record struct FundingRetransmit(TxId Txid, byte RetransmitFlags)
{
    /// <summary>Bit 0 of <see cref="RetransmitFlags"/>.</summary>
    public bool IsBit0Set => (RetransmitFlags & 1) != 0;

    internal static readonly TlvValueValidator Format = TlvFormat.Fixed(33);

    internal static FundingRetransmit Read(ReadOnlySpan<byte> value33) => new(TxId.FromBytes(value33[..32]), value33[32]);

    internal ByteVector ToValue()
    {
        var bytes = new byte[33];
        Txid.Hash.WriteTo(bytes);
        bytes[32] = RetransmitFlags;
        return ByteVector.TakeOwnership(bytes);
    }
}

/// <summary>
/// BOLT 2 <c>channel_reestablish</c>: after a reconnection, each side says which commitment and revocation it expects
/// next and proves what it last received, so both can retransmit what was lost.
/// </summary>
/// <param name="YourLastPerCommitmentSecret">The last per-commitment secret received from the peer, or all zeros if none.</param>
/// <param name="NextFunding">The <c>next_funding</c> TLV, or null when absent.</param>
/// <param name="MyCurrentFundingLocked">The <c>my_current_funding_locked</c> TLV, or null when absent.</param>
public sealed record ChannelReestablishMessage(
    ChannelId ChannelId,
    CommitmentNumber NextCommitmentNumber,
    CommitmentNumber NextRevocationNumber,
    PerCommitmentSecret YourLastPerCommitmentSecret,
    PublicKey MyCurrentPerCommitmentPoint,
    FundingRetransmit? NextFunding,
    FundingRetransmit? MyCurrentFundingLocked,
    TlvStream UnknownTlvs) : IWireMessage<ChannelReestablishMessage>
{
    private const ulong NextFundingType = 1;
    private const ulong MyCurrentFundingLockedType = 5;

    public ChannelReestablishMessage(
        ChannelId channelId,
        CommitmentNumber nextCommitmentNumber,
        CommitmentNumber nextRevocationNumber,
        PerCommitmentSecret yourLastPerCommitmentSecret,
        PublicKey myCurrentPerCommitmentPoint)
        : this(channelId, nextCommitmentNumber, nextRevocationNumber, yourLastPerCommitmentSecret, myCurrentPerCommitmentPoint, null, null, TlvStream.Empty)
    {
    }

    public static MessageType MessageType => new(136);

    public static string Name => "channel_reestablish";

    // The spec lists channel_reestablish_tlvs after the data block rather than as its last field.
    public static IReadOnlyList<WireField> Fields { get; } =
    [
        new("channel_id", "channel_id"),
        new("u64", "next_commitment_number"),
        new("u64", "next_revocation_number"),
        new("32*byte", "your_last_per_commitment_secret"),
        new("point", "my_current_per_commitment_point"),
    ];

    public static TlvNamespace Tlvs { get; } = new("channel_reestablish_tlvs",
        new TlvType(NextFundingType, "next_funding", FundingRetransmit.Format),
        new TlvType(MyCurrentFundingLockedType, "my_current_funding_locked", FundingRetransmit.Format));

    public MessageType Type => MessageType;

    public static bool TryReadPayload(ref WireReader reader, [NotNullWhen(true)] out ChannelReestablishMessage? message)
    {
        message = null;
        if (!reader.TryReadChannelId(out var channelId)
            || !reader.TryReadCommitmentNumber(out var nextCommitment)
            || !reader.TryReadCommitmentNumber(out var nextRevocation)
            || !reader.TryReadPerCommitmentSecret(out var secret)
            || !reader.TryReadPoint(out var point)
            || !TlvStream.TryRead(ref reader, Tlvs, out var tlvs))
            return false;
        FundingRetransmit? nextFunding = tlvs.TryGetValue(NextFundingType, out var next) ? FundingRetransmit.Read(next.Span) : null;
        FundingRetransmit? currentLocked = tlvs.TryGetValue(MyCurrentFundingLockedType, out var locked) ? FundingRetransmit.Read(locked.Span) : null;
        message = new ChannelReestablishMessage(channelId, nextCommitment, nextRevocation, secret, point, nextFunding, currentLocked, tlvs.UnknownTo(Tlvs));
        return true;
    }

    public void WritePayload(WireWriter writer)
    {
        writer.WriteChannelId(ChannelId);
        writer.WriteCommitmentNumber(NextCommitmentNumber);
        writer.WriteCommitmentNumber(NextRevocationNumber);
        writer.WritePerCommitmentSecret(YourLastPerCommitmentSecret);
        writer.WritePoint(MyCurrentPerCommitmentPoint);
        var tlvs = UnknownTlvs;
        if (NextFunding is { } nextFunding)
            tlvs = tlvs.With(NextFundingType, nextFunding.ToValue());
        if (MyCurrentFundingLocked is { } locked)
            tlvs = tlvs.With(MyCurrentFundingLockedType, locked.ToValue());
        tlvs.Write(writer);
    }
}

using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Fees;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;
using Fulgur.Protocol.Channels;
using Fulgur.Protocol.Onion;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Features;
using Fulgur.Protocol.Wire.Messages;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Tests.Wire.Messages.Channel;

/// <summary>
/// Builds random, valid BOLT 2 messages from a seeded <see cref="Random"/>, with edge values (zero, the largest the
/// field allows) mixed in. CsCheck drives the seeds; the Electrum interop tests use fixed ones.
/// </summary>
internal sealed class RandomChannelMessages(Random random)
{
    private static readonly PublicKey[] Keys = [.. Enumerable.Range(1, 8).Select(i =>
    {
        using var key = PrivateKey.Create(Sha256.Hash([(byte)i]));
        return key.PublicKey;
    })];

    private static readonly EcdsaSignature[] Signatures = [.. Enumerable.Range(1, 8).Select(i =>
    {
        using var key = PrivateKey.Create(Sha256.Hash([(byte)i, 1]));
        return key.Sign(Sha256.Hash([(byte)i, 2]));
    })];

    /// <summary>When false, no TLVs at all: no optional typed records and no unknown ones.</summary>
    public bool WithTlvs { get; init; } = true;

    /// <summary>When false, optional typed TLVs may appear but unknown odd ones do not.</summary>
    public bool WithUnknownTlvs { get; init; } = true;

    private bool Chance(int oneIn) => random.Next(oneIn) == 0;

    private bool Maybe => WithTlvs && random.Next(2) == 0;

    public ulong U64() => random.Next(4) switch
    {
        0 => 0,
        1 => ulong.MaxValue,
        _ => (ulong)random.NextInt64() >> random.Next(0, 63),
    };

    private ulong U63() => U64() & long.MaxValue;

    public MilliSatoshi Msat() => new((long)U63());

    public Satoshi Sat() => new((long)U63());

    public ushort U16() => Chance(4) ? ushort.MaxValue : (ushort)random.Next(0, 65536);

    public uint U32() => Chance(4) ? uint.MaxValue : (uint)random.NextInt64(0, 1L << 32);

    public byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    public ByteVector AnyBytes(int maxLength) => new(Bytes(random.Next(0, maxLength + 1)));

    public ChannelId NewChannelId() => ChannelId.FromSpan(Bytes(32));

    public TxId NewTxId() => TxId.FromBytes(Bytes(32));

    public PublicKey Point() => Keys[random.Next(Keys.Length)];

    public EcdsaSignature Signature()
    {
        // Mostly real signatures, sometimes any 64 bytes that are a valid compact encoding (high S included).
        if (!Chance(3))
            return Signatures[random.Next(Signatures.Length)];
        while (true)
        {
            if (EcdsaSignature.TryParseCompact(Bytes(64), out var signature))
                return signature;
        }
    }

    public CommitmentNumber NewCommitmentNumber() => new(Chance(4) ? CommitmentNumber.MaxValue : U64() & CommitmentNumber.MaxValue);

    public PerCommitmentSecret Secret() => PerCommitmentSecret.Create(Chance(4) ? new byte[32] : Bytes(32));

    public FeatureBits Features() => FeatureBits.FromBits(Enumerable.Range(0, random.Next(0, 5)).Select(_ => random.Next(0, 50)));

    public TlvStream UnknownTlvs()
    {
        if (!WithTlvs || !WithUnknownTlvs)
            return TlvStream.Empty;
        var records = new List<TlvRecord>();
        var type = 7UL;
        for (var i = random.Next(0, 3); i > 0; i--)
        {
            type += (ulong)random.Next(1, 300) * 2;
            records.Add(new TlvRecord(type, AnyBytes(12)));
        }
        return TlvStream.Create(records);
    }

    public OpenChannelMessage OpenChannel() => new(
        new ChainHash(Bytes32.FromSpan(Bytes(32))), NewChannelId(), Sat(), Msat(), Sat(), new MaxHtlcValueInFlight(U64()), Sat(), Msat(),
        new FeeRate(U32()), new ToSelfDelay(U16()), U16(), Point(), Point(), Point(), Point(), Point(), Point(), (byte)random.Next(256),
        Maybe ? AnyBytes(40) : null, Maybe ? Features() : null, UnknownTlvs());

    public AcceptChannelMessage AcceptChannel() => new(
        NewChannelId(), Sat(), new MaxHtlcValueInFlight(U64()), Sat(), Msat(), U32(), new ToSelfDelay(U16()), U16(),
        Point(), Point(), Point(), Point(), Point(), Point(), Maybe ? AnyBytes(40) : null, Maybe ? Features() : null, UnknownTlvs());

    public FundingCreatedMessage FundingCreated() => new(NewChannelId(), NewTxId(), U16(), Signature(), UnknownTlvs());

    public FundingSignedMessage FundingSigned() => new(NewChannelId(), Signature(), UnknownTlvs());

    public ChannelReadyMessage ChannelReady() => new(NewChannelId(), Point(), Maybe ? new ShortChannelId(U64()) : null, UnknownTlvs());

    public StfuMessage Stfu() => new(NewChannelId(), (byte)random.Next(0, 3), UnknownTlvs());

    public ShutdownMessage Shutdown() => new(NewChannelId(), AnyBytes(60), UnknownTlvs());

    public ClosingSignedMessage ClosingSigned() => new(NewChannelId(), Sat(), Signature(), Maybe ? new ClosingFeeRange(Sat(), Sat()) : null, UnknownTlvs());

    private ClosingSignatures NewClosingSignatures() => new(Maybe ? Signature() : null, Maybe ? Signature() : null, Maybe ? Signature() : null);

    public ClosingCompleteMessage ClosingComplete() => new(NewChannelId(), AnyBytes(40), AnyBytes(40), Sat(), U32(), NewClosingSignatures(), UnknownTlvs());

    public ClosingSigMessage ClosingSig() => new(NewChannelId(), AnyBytes(40), AnyBytes(40), Sat(), U32(), NewClosingSignatures(), UnknownTlvs());

    public UpdateAddHtlcMessage UpdateAddHtlc() => new(
        NewChannelId(), U64(), Msat(), new PaymentHash(Bytes32.FromSpan(Bytes(32))), new CltvExpiry(U32()),
        new ByteVector(Bytes(UpdateAddHtlcMessage.OnionRoutingPacketLength)), Maybe ? Point() : null, UnknownTlvs());

    private ByteVector? NewAttributionData() => Maybe ? new ByteVector(Bytes(AttributionData.Length)) : null;

    public UpdateFulfillHtlcMessage UpdateFulfillHtlc() => new(NewChannelId(), U64(), new Preimage(Bytes32.FromSpan(Bytes(32))), NewAttributionData(), UnknownTlvs());

    public UpdateFailHtlcMessage UpdateFailHtlc() => new(NewChannelId(), U64(), AnyBytes(300), NewAttributionData(), UnknownTlvs());

    public UpdateFailMalformedHtlcMessage UpdateFailMalformedHtlc() =>
        new(NewChannelId(), U64(), Bytes32.FromSpan(Bytes(32)), new FailureCode(U16()), UnknownTlvs());

    public CommitmentSignedMessage CommitmentSigned() => new(
        NewChannelId(), Signature(), [.. Enumerable.Range(0, Chance(3) ? 0 : random.Next(1, 30)).Select(_ => Signature())],
        Maybe ? NewTxId() : null, UnknownTlvs());

    public RevokeAndAckMessage RevokeAndAck() => new(NewChannelId(), Secret(), Point(), UnknownTlvs());

    public UpdateFeeMessage UpdateFee() => new(NewChannelId(), new FeeRate(U32()), UnknownTlvs());

    public ChannelReestablishMessage ChannelReestablish() => new(
        NewChannelId(), NewCommitmentNumber(), NewCommitmentNumber(), Secret(), Point(),
        Maybe ? new FundingRetransmit(NewTxId(), (byte)random.Next(256)) : null,
        Maybe ? new FundingRetransmit(NewTxId(), (byte)random.Next(256)) : null,
        UnknownTlvs());

    /// <summary>One of every BOLT 2 message this codec covers, in registry order.</summary>
    public IReadOnlyList<Func<IWireMessage>> All =>
    [
        OpenChannel, AcceptChannel, FundingCreated, FundingSigned, ChannelReady, Stfu, Shutdown, ClosingSigned,
        ClosingComplete, ClosingSig, UpdateAddHtlc, UpdateFulfillHtlc, UpdateFailHtlc, UpdateFailMalformedHtlc,
        CommitmentSigned, RevokeAndAck, UpdateFee, ChannelReestablish,
    ];

    public IWireMessage Any() => All[random.Next(All.Count)]();
}

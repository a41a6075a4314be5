using CsCheck;
using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Fees;
using Fulgur.Crypto;
using Fulgur.Protocol.Channels;
using Fulgur.Protocol.Channels.Core;
using Fulgur.Protocol.Onion;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Messages;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Tests.Channels.Core;

/// <summary>Random field values in every message a peer can send once the channel is open: never an exception.</summary>
public sealed class HostileInputTests
{
    [Fact]
    public void RandomMessages_NeverThrow()
    {
        var pair = NormalTests.OpenPair();
        pair.Add(pair.A, 5_000_000, 1);
        pair.Add(pair.B, 5_000_000, 2);
        pair.CommitmentDance();
        pair.Add(pair.A, 7_000_000, 3);
        pair.DeliverAll();
        var states = new[] { pair.A, pair.B };
        var id = pair.A.Commitments.Params.ChannelId;
        using var key = PrivateKey.Create(Sha256.Hash([3]));
        var sig = key.Sign(Sha256.Hash([4]));
        var point = key.PublicKey;
        var negotiating = new Negotiating(pair.A.Commitments, new ByteVector(new byte[22]), new ByteVector(new byte[22]), null, null);

        var genMessage =
            from kind in Gen.Int[0, 9]
            from u64 in Gen.ULong
            from small in Gen.ULong[0, 5]
            from amount in Gen.Long[0, long.MaxValue]
            from u32 in Gen.UInt
            from bytes in Gen.Byte.Array[32]
            select (IWireMessage)(kind switch
            {
                0 => new UpdateAddHtlcMessage(id, small, new MilliSatoshi(amount), PaymentHash.FromSpan(bytes), new CltvExpiry(u32), ChannelPair.Onion(0), null, TlvStream.Empty),
                1 => new UpdateFulfillHtlcMessage(id, small, Preimage.FromSpan(bytes)),
                2 => new UpdateFailHtlcMessage(id, u64, new ByteVector(bytes)),
                3 => new UpdateFailMalformedHtlcMessage(id, small, Bytes32.FromSpan(bytes), new FailureCode((ushort)u32)),
                4 => new UpdateFeeMessage(id, new FeeRate(u32)),
                5 => new CommitmentSignedMessage(id, sig, Enumerable.Repeat(sig, (int)small).ToList()),
                6 => new RevokeAndAckMessage(id, PerCommitmentSecret.Create(bytes), point),
                7 => new ShutdownMessage(id, new ByteVector(bytes.AsSpan(0, (int)(u32 % 33)))),
                8 => new ClosingSignedMessage(id, new Satoshi(amount), sig, new ClosingFeeRange(new Satoshi(0), new Satoshi(amount))),
                _ => new ChannelReestablishMessage(id, new CommitmentNumber(u64 % CommitmentNumber.MaxValue), new CommitmentNumber(small),
                    PerCommitmentSecret.Create(bytes), point),
            });

        genMessage.Sample(m =>
        {
            foreach (var side in states)
                _ = side.Core.Receive(side.State, m);
            _ = pair.A.Core.Receive(negotiating, m);
        }, iter: 300, threads: 1);
    }

    [Fact]
    public void RandomOpenAndAccept_NeverThrow()
    {
        var pair = new ChannelPair();
        var open = (OpenChannelMessage)pair.A.Core.Open(pair.ConfigA, new ChannelId(Bytes32.FromSpan(Sha256.Hash([1]))), new Satoshi(1_000_000),
            MilliSatoshi.Zero, new FeeRate(2500)).Outbound[0];
        var waiting = pair.A.Core.Open(pair.ConfigA, open.TemporaryChannelId, new Satoshi(1_000_000), MilliSatoshi.Zero, new FeeRate(2500)).NextState;
        var accept = (AcceptChannelMessage)pair.B.Core.OnOpenChannel(pair.ConfigB, open).Outbound[0];
        var fundee = new ChannelCore(new ChannelKeysSigner(TestChannelKeys.Create(12)));
        (from funding in Gen.Long[0, long.MaxValue]
         from push in Gen.Long[0, long.MaxValue]
         from dust in Gen.Long[0, long.MaxValue]
         from reserve in Gen.Long[0, long.MaxValue]
         from feerate in Gen.UInt
         from delay in Gen.UShort
         from max in Gen.UShort
         select (funding, push, dust, reserve, feerate, delay, max)).Sample(t =>
        {
            var o = open with
            {
                FundingSatoshis = new Satoshi(t.funding % 3 == 0 ? t.funding % 20_000_000 : t.funding),
                PushMsat = new MilliSatoshi(t.push),
                DustLimitSatoshis = new Satoshi(t.dust % 2 == 0 ? t.dust % 100_000 : t.dust),
                ChannelReserveSatoshis = new Satoshi(t.reserve % 2 == 0 ? t.reserve % 100_000 : t.reserve),
                FeeratePerKw = new FeeRate(t.feerate),
                ToSelfDelay = new ToSelfDelay(t.delay),
                MaxAcceptedHtlcs = t.max,
            };
            _ = fundee.OnOpenChannel(pair.ConfigB, o);
            var a = accept with
            {
                DustLimitSatoshis = o.DustLimitSatoshis,
                ChannelReserveSatoshis = o.ChannelReserveSatoshis,
                ToSelfDelay = o.ToSelfDelay,
                MaxAcceptedHtlcs = o.MaxAcceptedHtlcs,
            };
            _ = pair.A.Core.Receive(waiting, a);
        }, iter: 300, threads: 1);
    }
}

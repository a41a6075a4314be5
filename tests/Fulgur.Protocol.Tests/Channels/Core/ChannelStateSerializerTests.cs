using CsCheck;
using Fulgur.Protocol.Channels.Core;

namespace Fulgur.Protocol.Tests.Channels.Core;

public sealed class ChannelStateSerializerTests
{
    private static void AssertRoundTrip(ChannelState state)
    {
        var bytes = ChannelStateSerializer.Serialize(state);
        Assert.Equal(ChannelStateSerializer.Version, bytes[0]);
        var back = ChannelStateSerializer.Deserialize(bytes);
        Assert.Equal(state.GetType(), back.GetType());
        Assert.Equal(bytes, ChannelStateSerializer.Serialize(back));
    }

    [Fact]
    public void Normal_WithHtlcsInEveryStage_RoundTrips()
    {
        var pair = NormalTests.OpenPair();
        var id = pair.Add(pair.A, 20_000_000, 1);
        pair.CommitmentDance();
        pair.Apply(pair.B, pair.B.Core.FulfillHtlc(pair.B.State, id, ChannelPair.PreimageOf(1)));
        pair.Add(pair.B, 3_000_000, 2);
        pair.Apply(pair.A, pair.A.Core.UpdateFee(pair.A.State, new Fulgur.Bitcoin.Fees.FeeRate(3000)));
        pair.Apply(pair.B, pair.B.Core.Sign(pair.B.State));
        pair.DeliverOne(pair.A);
        AssertRoundTrip(pair.A.State);
        AssertRoundTrip(pair.B.State);
        var restored = (Normal)ChannelStateSerializer.Deserialize(ChannelStateSerializer.Serialize(pair.B.State));
        Assert.Equal(pair.B.Commitments.SpecFor(local: false), restored.Commitments.SpecFor(local: false), SpecEquality.Instance);
        Assert.Equal(pair.B.Commitments.LastCommitBatch.Count, restored.Commitments.LastCommitBatch.Count);
    }

    [Fact]
    public void ClosedAndAwaitingReady_RoundTrip()
    {
        AssertRoundTrip(new Closed(null, "reason ✓", null));
        var pair = NormalTests.OpenPair();
        AssertRoundTrip(new AwaitingChannelReady(pair.A.Commitments, true));
        AssertRoundTrip(new ShuttingDown(pair.A.Commitments, new Fulgur.Protocol.Types.ByteVector([0, 20]), null));
        AssertRoundTrip(new Negotiating(pair.A.Commitments, new([1]), new([2]), new Fulgur.Bitcoin.Satoshi(5), null));
        AssertRoundTrip(new Closed(pair.A.Commitments, "failed", pair.A.Commitments.SignedLocalCommitment(pair.A.Core.Signer)));
    }

    [Fact]
    public void Garbage_And_Truncated_AreRejectedWithoutThrowing()
    {
        var pair = NormalTests.OpenPair();
        pair.Add(pair.A, 20_000_000, 1);
        var bytes = ChannelStateSerializer.Serialize(pair.A.State);
        for (var n = 0; n < bytes.Length; n += 7)
            Assert.False(ChannelStateSerializer.TryDeserialize(bytes.AsSpan(0, n), out _));
        var wrongVersion = (byte[])bytes.Clone();
        wrongVersion[0] = 99;
        Assert.False(ChannelStateSerializer.TryDeserialize(wrongVersion, out _));
        Assert.False(ChannelStateSerializer.TryDeserialize([.. bytes, 0], out _));
        Gen.Byte.Array[0, 600].Sample(garbage => { ChannelStateSerializer.TryDeserialize(garbage, out _); });
        Gen.Int[0, bytes.Length - 1].Select(Gen.Byte).Sample((i, b) =>
        {
            var mutated = (byte[])bytes.Clone();
            mutated[i] = b;
            ChannelStateSerializer.TryDeserialize(mutated, out _);
        });
    }

    private sealed class SpecEquality : IEqualityComparer<Fulgur.Protocol.Channels.CommitmentSpec>
    {
        public static readonly SpecEquality Instance = new();

        public bool Equals(Fulgur.Protocol.Channels.CommitmentSpec? x, Fulgur.Protocol.Channels.CommitmentSpec? y) =>
            x is not null && y is not null && x.ToLocal == y.ToLocal && x.ToRemote == y.ToRemote && x.Feerate == y.Feerate && x.Htlcs.SequenceEqual(y.Htlcs);

        public int GetHashCode(Fulgur.Protocol.Channels.CommitmentSpec obj) => 0;
    }
}

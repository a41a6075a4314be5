using CsCheck;
using Fulgur.Bitcoin.Fees;
using Fulgur.Protocol.Channels.Core;
using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Tests.Channels.Core;

/// <summary>
/// spendable_msat/receivable_msat with HTLCs in flight: an HTLC of exactly the spendable amount is always accepted by
/// our own checks and by the peer's, and when both sides are quiescent one side's spendable is the other's receivable.
/// </summary>
public sealed class ChannelCapacityTests
{
    [Fact]
    public void An_htlc_of_the_spendable_amount_is_accepted_on_both_ends() =>
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
#pragma warning disable CA5394 // Deterministic test randomness, seeded.
            var random = new Random(seed);
            var pair = new ChannelPair();
            pair.Open(new Fulgur.Bitcoin.Satoshi(1_000_000), new MilliSatoshi(300_000_000), new FeeRate(random.Next(253, 5000)));
            var counter = 0;
            for (var i = 0; i < 30; i++)
            {
                var side = random.Next(2) == 0 ? pair.A : pair.B;
                var amount = random.Next(1_000, 40_000_000);
                var step = side.Core.AddHtlc(side.State, new MilliSatoshi(amount), ChannelPair.PreimageOf(++counter).Hash, new CltvExpiry(700_000),
                    ChannelPair.Onion(1), out _, out _);
                pair.Apply(side, step);
                if (random.Next(3) == 0)
                    pair.CommitmentDance();
                var from = random.Next(2) == 0 ? pair.A : pair.B;
                var spendable = ChannelCapacity.Spendable(from.Commitments);
                if (spendable <= MilliSatoshi.Zero)
                    continue;
                var add = from.Core.AddHtlc(from.State, spendable, ChannelPair.PreimageOf(++counter).Hash, new CltvExpiry(700_000), ChannelPair.Onion(1),
                    out _, out var refusal);
                Assert.Equal(AddHtlcRefusal.None, refusal);
                // The peer takes it too (ThrowOnFailure is set: a refusal fails the test).
                pair.Apply(from, add);
                pair.CommitmentDance();
                pair.AssertConsistent();
            }
            pair.CommitmentDance();
            Assert.Equal(ChannelCapacity.Spendable(pair.A.Commitments), ChannelCapacity.Receivable(pair.B.Commitments));
            Assert.Equal(ChannelCapacity.Spendable(pair.B.Commitments), ChannelCapacity.Receivable(pair.A.Commitments));
#pragma warning restore CA5394
        }, iter: 30, threads: 1);

    [Fact]
    public void Spendable_counts_offered_htlcs_in_flight()
    {
        var pair = new ChannelPair();
        pair.Open(new Fulgur.Bitcoin.Satoshi(1_000_000), MilliSatoshi.Zero);
        var before = ChannelCapacity.Spendable(pair.A.Commitments);
        var receivableBefore = ChannelCapacity.Receivable(pair.B.Commitments);
        Assert.Equal(before, receivableBefore);
        pair.Add(pair.A, 100_000_000, 1);
        // Not yet signed: already out of what A can spend.
        var feeStep = MilliSatoshi.FromSatoshi(Protocol.Channels.Bolt3Fees.CommitmentFee(pair.A.Commitments.Feerate, 2, pair.A.Commitments.Params.Format))
            - MilliSatoshi.FromSatoshi(Protocol.Channels.Bolt3Fees.CommitmentFee(pair.A.Commitments.Feerate, 1, pair.A.Commitments.Params.Format));
        Assert.Equal(before - new MilliSatoshi(100_000_000) - feeStep, ChannelCapacity.Spendable(pair.A.Commitments));
        pair.CommitmentDance();
        Assert.Equal(before - new MilliSatoshi(100_000_000) - feeStep, ChannelCapacity.Spendable(pair.A.Commitments));
        Assert.Equal(ChannelCapacity.Spendable(pair.A.Commitments), ChannelCapacity.Receivable(pair.B.Commitments));
        // B holds nothing yet: it can spend nothing, and A could receive nothing.
        Assert.Equal(MilliSatoshi.Zero, ChannelCapacity.Spendable(pair.B.Commitments));
        Assert.Equal(MilliSatoshi.Zero, ChannelCapacity.Receivable(pair.A.Commitments));
    }
}

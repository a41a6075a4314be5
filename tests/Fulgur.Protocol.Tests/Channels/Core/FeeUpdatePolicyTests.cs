using CsCheck;
using Fulgur.Bitcoin.Fees;
using Fulgur.Protocol.Channels.Core;
using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Tests.Channels.Core;

/// <summary>The funder's update_fee policy, and a randomized run of estimate moves through two channel ends.</summary>
public sealed class FeeUpdatePolicyTests
{
    private static ChannelPair OpenPair(FeeRate feerate)
    {
        var pair = new ChannelPair();
        pair.Open(new Fulgur.Bitcoin.Satoshi(1_000_000), new MilliSatoshi(200_000_000), feerate);
        return pair;
    }

    [Fact]
    public void Raises_on_a_rise_lowers_only_below_half_and_never_as_fundee()
    {
        var pair = OpenPair(new FeeRate(2000));
        Assert.Null(FeeUpdatePolicy.Proposal(pair.A.State, new FeeRate(2100)));
        Assert.Equal(new FeeRate(2300), FeeUpdatePolicy.Proposal(pair.A.State, new FeeRate(2300)));
        Assert.Null(FeeUpdatePolicy.Proposal(pair.A.State, new FeeRate(1100)));
        Assert.Equal(new FeeRate(900), FeeUpdatePolicy.Proposal(pair.A.State, new FeeRate(900)));
        // Clamped to what receivers accept.
        Assert.Equal(FeeRate.Floor, FeeUpdatePolicy.Proposal(pair.A.State, new FeeRate(1)));
        Assert.Equal(ChannelCore.MaxUpdateFeerate, FeeUpdatePolicy.Proposal(pair.A.State, new FeeRate(50_000_000)));
        // The fundee never sends update_fee.
        Assert.Null(FeeUpdatePolicy.Proposal(pair.B.State, new FeeRate(9000)));
        // One at a time.
        pair.Apply(pair.A, pair.A.Core.UpdateFee(pair.A.State, new FeeRate(3000)));
        Assert.Null(FeeUpdatePolicy.Proposal(pair.A.State, new FeeRate(9000)));
        pair.CommitmentDance();
        Assert.Equal(new FeeRate(9000), FeeUpdatePolicy.Proposal(pair.A.State, new FeeRate(9000)));
    }

    [Fact]
    public void Estimate_moves_with_htlcs_in_flight_keep_both_ends_agreeing() =>
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
#pragma warning disable CA5394 // Deterministic test randomness, seeded.
            var random = new Random(seed);
            var pair = OpenPair(new FeeRate(random.Next(253, 3000)));
            var counter = 0;
            for (var i = 0; i < 40; i++)
            {
                switch (random.Next(4))
                {
                    case 0:
                        var side = random.Next(2) == 0 ? pair.A : pair.B;
                        var step = side.Core.AddHtlc(side.State, new MilliSatoshi(random.Next(1_000, 30_000_000)), ChannelPair.PreimageOf(++counter).Hash,
                            new CltvExpiry(700_000), ChannelPair.Onion(1), out _, out _);
                        pair.Apply(side, step);
                        break;
                    case 1:
                        if (FeeUpdatePolicy.Proposal(pair.A.State, new FeeRate(random.Next(100, 20_000))) is { } proposal)
                        {
                            // A proposal the funder cannot afford is refused locally (Ignore), never sent.
                            var update = pair.A.Core.UpdateFee(pair.A.State, proposal);
                            if (update.Failure is null)
                                pair.Apply(pair.A, update);
                            else
                                Assert.Equal(ChannelErrorKind.Ignore, update.Failure.Kind);
                        }
                        break;
                    case 2:
                        pair.CommitmentDance();
                        pair.AssertConsistent();
                        break;
                    default:
                        pair.DeliverAll();
                        break;
                }
            }
            pair.CommitmentDance();
            pair.AssertConsistent();
            Assert.Equal(pair.A.Commitments.Feerate, pair.B.Commitments.Feerate);
            pair.AssertLocalCommitmentValid(pair.A);
            pair.AssertLocalCommitmentValid(pair.B);
#pragma warning restore CA5394
        }, iter: 30, threads: 1);
}

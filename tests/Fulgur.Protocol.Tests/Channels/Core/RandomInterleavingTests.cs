using CsCheck;
using Fulgur.Bitcoin.Fees;
using Fulgur.Protocol.Channels.Core;
using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Tests.Channels.Core;

/// <summary>
/// Seeded random interleavings (after LDK's <c>chanmon_consistency</c>): adds, fulfills, fails, fee updates, signatures
/// and single deliveries in both directions, with disconnects and crash-restarts (restore from the last persisted
/// record, then reestablish) at random points. No step may fail the channel, and once everything settles both sides
/// agree, every commitment is valid and no millisatoshi is lost.
/// </summary>
public sealed class RandomInterleavingTests
{
    [Fact]
    public void RandomInterleavings_KeepBothSidesConsistent() =>
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            try
            {
                var (locked, _) = Run(seed, 200);
                Assert.True(locked > 0, "no HTLC was ever locked in");
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"seed {seed}: {e.Message}", e);
            }
        }, iter: 40, threads: 1);

    private static (int Locked, int Refusals) Run(int seed, int operations)
    {
#pragma warning disable CA5394 // Deterministic test randomness, seeded.
        var random = new Random(seed);
        // Each side's dust limit applies to its own commitment: vary B's so the two commitments trim differently.
        var configB = ChannelConfig.Default(ChannelPair.Chain);
        configB = configB with { Limits = configB.Limits with { DustLimit = new Fulgur.Bitcoin.Satoshi(random.Next(354, 3000)) } };
        var pair = new ChannelPair(configB: configB);
        pair.Open(new Fulgur.Bitcoin.Satoshi(2_000_000), new MilliSatoshi(800_000_000));
        var preimages = new Dictionary<PaymentHash, Preimage>();
        var counter = 0;
        for (var i = 0; i < operations; i++)
        {
            var side = random.Next(2) == 0 ? pair.A : pair.B;
            switch (random.Next(11))
            {
                case 0:
                case 1:
                {
                    var preimage = ChannelPair.PreimageOf(seed ^ ++counter);
                    preimages[preimage.Hash] = preimage;
                    var amount = random.Next(3) == 0 ? random.Next(1000, 600_000) : random.Next(1_000_000, 60_000_000);
                    var step = side.Core.AddHtlc(side.State, new MilliSatoshi(amount), preimage.Hash, new CltvExpiry(700_000), ChannelPair.Onion(2),
                        out _, out _);
                    pair.Apply(side, step);
                    break;
                }
                case 2:
                case 3:
                {
                    var locked = side.State.CommitmentsOrNull()?.Htlcs.Where(h => h.State == HtlcState.RcvdAddAckRevocation).ToList() ?? [];
                    if (locked.Count == 0)
                        break;
                    var h = locked[random.Next(locked.Count)];
                    pair.Apply(side, random.Next(3) == 0
                        ? side.Core.FailHtlc(side.State, h.Id, new ByteVector([1, 2]))
                        : side.Core.FulfillHtlc(side.State, h.Id, preimages[h.PaymentHash]));
                    break;
                }
                case 4:
                    pair.Apply(pair.A, pair.A.Core.UpdateFee(pair.A.State, new FeeRate(random.Next(253, 8000))));
                    break;
                case 5:
                case 6:
                    pair.Apply(side, side.Core.Sign(side.State));
                    break;
                case 7:
                case 8:
                case 9:
                    for (var n = random.Next(1, 4); n > 0; n--)
                        pair.DeliverOne(side);
                    break;
                default:
                    pair.Reconnect(restoreA: random.Next(2) == 0, restoreB: random.Next(2) == 0);
                    break;
            }
            if (i % 10 == 0)
            {
                // Whatever is in flight, each side always holds a fully signed commitment it could broadcast.
                pair.AssertLocalCommitmentValid(pair.A);
                pair.AssertLocalCommitmentValid(pair.B);
            }
        }
        pair.Reconnect();
        pair.CommitmentDance();
        pair.AssertConsistent();
        // Settle everything left, then check that the funding amount is all accounted for.
        for (var round = 0; round < 4; round++)
        {
            foreach (var side in new[] { pair.A, pair.B })
            {
                foreach (var h in side.Commitments.Htlcs.Where(h => h.State == HtlcState.RcvdAddAckRevocation).ToList())
                    pair.Apply(side, side.Core.FulfillHtlc(side.State, h.Id, preimages[h.PaymentHash]));
            }
            pair.CommitmentDance();
        }
        pair.AssertConsistent();
        Assert.Empty(pair.A.Commitments.Htlcs);
        Assert.Empty(pair.B.Commitments.Htlcs);
        Assert.Equal(MilliSatoshi.FromSatoshi(2_000_000), pair.A.Commitments.LocalBalance + pair.A.Commitments.RemoteBalance);
        Assert.Equal(pair.A.Commitments.LocalBalance, pair.B.Commitments.RemoteBalance);
        // Finally a mutual close, started by either side, must produce a valid closing transaction.
        var closer = random.Next(2) == 0 ? pair.A : pair.B;
        pair.Apply(closer, closer.Core.Shutdown(closer.State, new ByteVector(Fulgur.Bitcoin.Scripts.StandardScripts.P2WpkhFromHash(new byte[20]).Bytes)));
        pair.DeliverAll();
        var other = pair.Other(closer);
        pair.Apply(other, other.Core.Shutdown(other.State, new ByteVector(Fulgur.Bitcoin.Scripts.StandardScripts.P2WpkhFromHash(new byte[20].Select(_ => (byte)7).ToArray()).Bytes)));
        pair.DeliverAll();
        var closed = Assert.IsType<Closed>(pair.A.State);
        Assert.NotNull(closed.ClosingTransaction);
        Assert.True(Fulgur.Bitcoin.Scripts.Interpreter.ScriptVerifier.VerifyInput(
            closed.ClosingTransaction, 0, pair.FundingOutput!, Fulgur.Bitcoin.Scripts.Interpreter.ScriptVerifyFlagSets.Standard, out var error), error.ToString());
        Assert.All(pair.A.Failures.Concat(pair.B.Failures), f => Assert.Equal(ChannelErrorKind.Ignore, f.Kind));
        return (pair.A.Events.OfType<IncomingHtlcLocked>().Count() + pair.B.Events.OfType<IncomingHtlcLocked>().Count(),
            pair.A.Failures.Count + pair.B.Failures.Count);
#pragma warning restore CA5394
    }
}

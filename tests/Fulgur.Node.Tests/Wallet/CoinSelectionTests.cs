using CsCheck;
using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Fees;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Node.Wallet;

namespace Fulgur.Node.Tests.Wallet;

public sealed class CoinSelectionTests
{
    private static readonly Script Destination = StandardScripts.P2WpkhFromHash(new byte[20]);
    private static readonly Script Change = StandardScripts.P2WpkhFromHash(Enumerable.Repeat((byte)7, 20).ToArray());

    private static List<WalletUtxo> Utxos(long[] values) =>
        [.. values.Select((v, i) => new WalletUtxo(new OutPoint(new TxId(Fulgur.Bitcoin.Encoding.Hash256.DoubleSha256([(byte)i, (byte)(i >> 8)])), (uint)i),
            new Satoshi(v), (uint)i, Change, UtxoStatus.Confirmed, new Fulgur.Protocol.Types.BlockHeight(1), null, null))];

    [Fact]
    public void Selection_balances_pays_at_least_the_feerate_and_keeps_change_above_dust_or_drops_it()
    {
        Gen.Select(Gen.Long[300, 2_000_000].Array[0, 12], Gen.Long[1, 3_000_000], Gen.Long[253, 20_000])
            .Sample((values, amount, rate) =>
            {
                var feeRate = new FeeRate(rate);
                var ok = CoinSelection.TrySelect(Utxos(values), SpendAmount.Exactly(new Satoshi(amount)), feeRate, Destination, Change,
                    out var r, out var error);
                if (!ok)
                    return error!.StartsWith("Could not afford", StringComparison.Ordinal) || error.StartsWith("Output", StringComparison.Ordinal);
                var inputSum = r!.Inputs.Aggregate(Satoshi.Zero, (s, u) => s + u.Value);
                var changeValue = r.Change?.Value ?? Satoshi.Zero;
                return inputSum == r.Amount + r.Fee + changeValue
                    && r.Amount == new Satoshi(amount)
                    && r.Fee >= feeRate.FeeForWeight(r.Weight)
                    && (r.Change is null || !DustThreshold.IsDust(r.Change))
                    && r.Inputs.Select(i => i.OutPoint).Distinct().Count() == r.Inputs.Count;
            });
    }

    [Fact]
    public void Selection_fails_only_when_everything_together_cannot_pay()
    {
        Gen.Select(Gen.Long[1_000, 500_000].Array[1, 8], Gen.Long[1_000, 2_000_000])
            .Sample((values, amount) =>
            {
                var rate = new FeeRate(253);
                var ok = CoinSelection.TrySelect(Utxos(values), SpendAmount.Exactly(new Satoshi(amount)), rate, Destination, Change, out _, out _);
                var maxFee = rate.FeeForWeight(CoinSelection.Weight(values.Length, Destination, null));
                return ok || values.Sum() < amount + maxFee.Value;
            });
    }

    [Fact]
    public void Sweeping_all_spends_every_output_with_no_change()
    {
        Gen.Long[1_000, 1_000_000].Array[1, 10].Sample(values =>
        {
            Assert.True(CoinSelection.TrySelect(Utxos(values), SpendAmount.All, new FeeRate(500), Destination, Change, out var r, out _));
            return r!.Inputs.Count == values.Length && r.Change is null && r.Amount.Value + r.Fee.Value == values.Sum();
        });
    }

    [Fact]
    public void Nothing_to_sweep_is_the_301_text()
    {
        Assert.False(CoinSelection.TrySelect([], SpendAmount.All, new FeeRate(500), Destination, Change, out _, out var error));
        Assert.StartsWith("Could not afford all using all 0 available UTXOs", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Dust_change_goes_to_the_fee()
    {
        var rate = new FeeRate(253);
        var weightNoChange = CoinSelection.Weight(1, Destination, null);
        var amount = 100_000 - rate.FeeForWeight(weightNoChange).Value - 100;
        Assert.True(CoinSelection.TrySelect(Utxos([100_000]), SpendAmount.Exactly(new Satoshi(amount)), rate, Destination, Change, out var r, out _));
        Assert.Null(r!.Change);
        Assert.Equal(100_000 - amount, r.Fee.Value);
    }
}

public sealed class ReservationPropertyTests
{
    [Fact]
    public Task Concurrent_reservations_never_share_an_output() =>
        CsCheck.Gen.Select(CsCheck.Gen.Long[20_000, 400_000].Array[1, 8], CsCheck.Gen.Long[10_000, 300_000].Array[1, 8])
            .SampleAsync(async (fundings, amounts) =>
            {
                await using var f = await WalletFixture.CreateAsync();
                for (var i = 0; i < fundings.Length; i++)
                    await f.FundAsync(fundings[i], (byte)(i + 1));
                var destination = Fulgur.Bitcoin.Scripts.StandardScripts.P2WpkhFromHash(new byte[20]);
                var tasks = amounts.Select(a => Task.Run(async () =>
                {
                    try
                    {
                        return await f.Wallet.ReserveAsync(SpendAmount.Exactly(new Satoshi(a)), new FeeRate(500), destination, CancellationToken.None);
                    }
                    catch (WalletException e) when (e.Code == WalletException.CannotAfford)
                    {
                        return null;
                    }
                })).ToList();
                var reservations = (await Task.WhenAll(tasks)).OfType<WalletReservation>().ToList();
                var inputs = reservations.SelectMany(r => r.Inputs.Select(u => u.OutPoint)).ToList();
                return inputs.Count == inputs.Distinct().Count();
            }, iter: 25);
}

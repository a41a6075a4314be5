using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Addresses;
using Fulgur.Bitcoin.Fees;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Scripts.Interpreter;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Node.Storage;
using Fulgur.Node.Tests.Support;
using Fulgur.Node.Wallet;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Tests.Wallet;

public sealed class OnchainWalletTests
{
    private static readonly Script Elsewhere = StandardScripts.P2WpkhFromHash(new byte[20]);
    private static readonly FeeRate TwoSatPerVb = FeeRate.FromSatPerVByte(2);

    [Fact]
    public void Keys_follow_the_documented_derivation_and_are_deterministic()
    {
        using var a = WalletKeys.FromHsmSecret(WalletFixture.Secret);
        using var b = WalletKeys.FromHsmSecret(WalletFixture.Secret);
        Assert.Equal(a.PublicKey(0), b.PublicKey(0));
        Assert.NotEqual(a.PublicKey(0), a.PublicKey(1));
        // m/0/0/i of the BIP32 master of HKDF(hsm_secret, salt=0u32le, info="bip32 seed").
        var seed = new byte[32];
        Fulgur.Crypto.Hkdf.DeriveKey(WalletFixture.Secret, new byte[4], "bip32 seed"u8, seed);
        using var master = Fulgur.Bitcoin.Bip32.ExtKey.FromSeed(seed);
        using var key5 = master.Derive(Fulgur.Bitcoin.Bip32.KeyPath.Parse("m/0/0/5"));
        Assert.Equal(key5.PublicKey, a.PublicKey(5));
    }

    [Fact]
    public async Task Newaddr_issues_successive_regtest_addresses_and_persists_the_index()
    {
        await using var f = await WalletFixture.CreateAsync();
        var first = await f.Wallet.NewAddressAsync(CancellationToken.None);
        var second = await f.Wallet.NewAddressAsync(CancellationToken.None);
        Assert.StartsWith("bcrt1q", first, StringComparison.Ordinal);
        Assert.NotEqual(first, second);
        await using var tx = await f.Store.BeginAsync(CancellationToken.None);
        Assert.Equal("2", await tx.Vars.GetAsync(WalletVarNames.NextKeyIndex, CancellationToken.None));
    }

    [Fact]
    public async Task Received_funds_confirm_go_unconfirmed_in_a_reorg_and_reconfirm()
    {
        await using var f = await WalletFixture.CreateAsync();
        var funding = await f.FundAsync(1_000_000);
        var utxo = Assert.Single(f.Wallet.Outputs);
        Assert.Equal(UtxoStatus.Confirmed, utxo.Status);
        Assert.Equal(new BlockHeight(1), utxo.BlockHeight);

        f.Chain.Disconnect(1);
        f.Chain.Mine();
        await f.SyncAsync();
        utxo = Assert.Single(f.Wallet.Outputs);
        Assert.Equal(UtxoStatus.Unconfirmed, utxo.Status);
        Assert.Null(utxo.BlockHeight);

        f.Chain.Mine(funding);
        await f.SyncAsync();
        utxo = Assert.Single(f.Wallet.Outputs);
        Assert.Equal(UtxoStatus.Confirmed, utxo.Status);
        Assert.Equal(new BlockHeight(2), utxo.BlockHeight);
    }

    [Fact]
    public async Task Funds_to_an_address_inside_the_lookahead_window_are_recognised()
    {
        await using var f = await WalletFixture.CreateAsync();
        using var keys = WalletKeys.FromHsmSecret(WalletFixture.Secret);
        f.Chain.Mine(ScriptedChain(keys.ScriptPubKey(OnchainWallet.Lookahead - 1)));
        await f.SyncAsync();
        Assert.Single(f.Wallet.Outputs);
        // The index moved past it, so newaddr never hands it out again.
        Assert.Equal(Address.Format(keys.ScriptPubKey(OnchainWallet.Lookahead), Network.Regtest), await f.Wallet.NewAddressAsync(CancellationToken.None));
    }

    private static Transaction ScriptedChain(Script script) => Chain.ScriptedChain.Pay(script, new Satoshi(50_000), 9);

    [Fact]
    public async Task Withdraw_signs_a_valid_spend_marks_inputs_spent_and_tracks_change_until_it_confirms()
    {
        await using var f = await WalletFixture.CreateAsync();
        var funding = await f.FundAsync(1_000_000);
        var result = await f.Wallet.WithdrawAsync(Elsewhere, SpendAmount.Exactly(new Satoshi(300_000)), TwoSatPerVb, CancellationToken.None);
        var tx = result.Transaction;
        Assert.Equal(tx.TxId, Assert.Single(f.Chain.Sent).TxId);
        Assert.True(ScriptVerifier.VerifyInput(tx, 0, funding.Outputs[0], ScriptVerifyFlagSets.Standard, out var error), error.ToString());
        Assert.Equal(new Satoshi(300_000), tx.Outputs[0].Value);
        var fee = funding.Outputs[0].Value - tx.TotalOutput;
        Assert.True(fee >= TwoSatPerVb.FeeForWeight(tx.Weight), $"fee {fee} for weight {tx.Weight}");
        Assert.True(fee <= TwoSatPerVb.FeeForWeight(tx.Weight + 8), $"fee {fee} for weight {tx.Weight}");

        var change = Assert.Single(f.Wallet.Outputs, u => u.Status != UtxoStatus.Spent);
        Assert.Equal(UtxoStatus.Unconfirmed, change.Status);
        Assert.Equal(new OutPoint(tx.TxId, 1), change.OutPoint);

        f.Chain.Mine();
        await f.SyncAsync();
        change = Assert.Single(f.Wallet.Outputs, u => u.Status != UtxoStatus.Spent);
        Assert.Equal(UtxoStatus.Confirmed, change.Status);
        var spent = Assert.Single(f.Wallet.Outputs, u => u.Status == UtxoStatus.Spent);
        Assert.Equal(tx.TxId, spent.SpentBy);
        Assert.Equal(f.Chain.TipHeight, spent.SpentHeight);
    }

    [Fact]
    public async Task Withdraw_all_sweeps_confirmed_funds_without_change()
    {
        await using var f = await WalletFixture.CreateAsync();
        await f.FundAsync(200_000, 1);
        await f.FundAsync(300_000, 2);
        var result = await f.Wallet.WithdrawAsync(Elsewhere, SpendAmount.All, TwoSatPerVb, CancellationToken.None);
        Assert.Equal(2, result.Transaction.Inputs.Length);
        Assert.Single(result.Transaction.Outputs);
        Assert.All(f.Wallet.Outputs, u => Assert.Equal(UtxoStatus.Spent, u.Status));
    }

    [Fact]
    public async Task A_reorged_out_sweep_keeps_its_inputs_spent_so_they_are_not_selected_twice()
    {
        await using var f = await WalletFixture.CreateAsync();
        await f.FundAsync(200_000);
        await f.Wallet.WithdrawAsync(Elsewhere, SpendAmount.All, TwoSatPerVb, CancellationToken.None);
        f.Chain.Mine();
        await f.SyncAsync();
        Assert.NotNull(Assert.Single(f.Wallet.Outputs).SpentHeight);

        f.Chain.Disconnect(1);
        f.Chain.Mine(ScriptedChainPay(9));
        await f.SyncAsync();
        var input = Assert.Single(f.Wallet.Outputs);
        Assert.Equal(UtxoStatus.Spent, input.Status);
        Assert.Null(input.SpentHeight);
        await Assert.ThrowsAsync<WalletException>(() =>
            f.Wallet.WithdrawAsync(Elsewhere, SpendAmount.All, TwoSatPerVb, CancellationToken.None));
    }

    private static Transaction ScriptedChainPay(byte tag) => Chain.ScriptedChain.Pay(Elsewhere, new Satoshi(1_000), tag);

    [Fact]
    public async Task Not_enough_funds_is_error_301_with_core_lightnings_text()
    {
        await using var f = await WalletFixture.CreateAsync();
        await f.FundAsync(100_000);
        var e = await Assert.ThrowsAsync<WalletException>(() =>
            f.Wallet.WithdrawAsync(Elsewhere, SpendAmount.Exactly(new Satoshi(100_000)), TwoSatPerVb, CancellationToken.None));
        Assert.Equal(301, e.Code);
        Assert.Matches(@"^Could not afford 100000sat using all 1 available UTXOs: \d+sat short$", e.Message);
        // Nothing was reserved or spent.
        Assert.Equal(UtxoStatus.Confirmed, Assert.Single(f.Wallet.Outputs).Status);
        Assert.Empty(f.Chain.Sent);
    }

    [Fact]
    public async Task Reservations_exclude_each_other_until_released()
    {
        await using var f = await WalletFixture.CreateAsync();
        await f.FundAsync(500_000, 1);
        var first = await f.Wallet.ReserveAsync(SpendAmount.Exactly(new Satoshi(100_000)), TwoSatPerVb, Elsewhere, CancellationToken.None);
        var e = await Assert.ThrowsAsync<WalletException>(() =>
            f.Wallet.ReserveAsync(SpendAmount.Exactly(new Satoshi(100_000)), TwoSatPerVb, Elsewhere, CancellationToken.None));
        Assert.Equal(301, e.Code);
        await f.Wallet.ReleaseAsync(first, CancellationToken.None);
        var second = await f.Wallet.ReserveAsync(SpendAmount.Exactly(new Satoshi(100_000)), TwoSatPerVb, Elsewhere, CancellationToken.None);
        Assert.Equal(first.Inputs[0].OutPoint, second.Inputs[0].OutPoint);
    }

    [Fact]
    public async Task Concurrent_withdraws_never_spend_the_same_output()
    {
        await using var f = await WalletFixture.CreateAsync();
        for (byte i = 1; i <= 6; i++)
            await f.FundAsync(100_000, i);
        var attempts = Enumerable.Range(0, 10).Select(_ => Task.Run(async () =>
        {
            try
            {
                return (await f.Wallet.WithdrawAsync(Elsewhere, SpendAmount.Exactly(new Satoshi(60_000)), TwoSatPerVb, CancellationToken.None)).Transaction;
            }
            catch (WalletException e) when (e.Code == 301)
            {
                return null;
            }
        })).ToList();
        var txs = (await Task.WhenAll(attempts)).OfType<Transaction>().ToList();
        Assert.Equal(6, txs.Count);
        var inputs = txs.SelectMany(t => t.Inputs.Select(i => i.PrevOut)).ToList();
        Assert.Equal(inputs.Count, inputs.Distinct().Count());
    }

    [Fact]
    public async Task A_conflicting_spend_confirming_drops_our_change()
    {
        await using var f = await WalletFixture.CreateAsync();
        var funding = await f.FundAsync(1_000_000);
        var ours = (await f.Wallet.WithdrawAsync(Elsewhere, SpendAmount.Exactly(new Satoshi(300_000)), TwoSatPerVb, CancellationToken.None)).Transaction;
        f.Chain.Mempool.Clear();
        var conflict = new TransactionBuilder().AddInput(new OutPoint(funding.TxId, 0)).AddOutput(new Satoshi(990_000), Elsewhere).ToTransaction();
        f.Chain.Mine(conflict);
        await f.SyncAsync();
        Assert.DoesNotContain(f.Wallet.Outputs, u => u.OutPoint.TxId == ours.TxId);
        Assert.Equal(conflict.TxId, Assert.Single(f.Wallet.Outputs).SpentBy);
    }

    [Fact]
    public async Task The_wallet_survives_a_restart()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "wallet.sqlite3");
        var chain = new Chain.ScriptedChain(1);
        await using (var f = await WalletFixture.CreateAsync(chain, await SqliteStore.OpenAsync(path, CancellationToken.None)))
        {
            await f.FundAsync(400_000);
            await f.Wallet.WithdrawAsync(Elsewhere, SpendAmount.Exactly(new Satoshi(100_000)), TwoSatPerVb, CancellationToken.None);
        }
        await using var g = await WalletFixture.CreateAsync(chain, await SqliteStore.OpenAsync(path, CancellationToken.None));
        Assert.Equal(2, g.Wallet.Outputs.Count);
        Assert.Single(g.Wallet.Outputs, u => u.Status == UtxoStatus.Spent);
        var change = Assert.Single(g.Wallet.Outputs, u => u.Status == UtxoStatus.Unconfirmed);
        // Our unconfirmed withdraw is remembered, to be broadcast again.
        Assert.Equal(change.OutPoint.TxId, Assert.Single(g.Wallet.UnconfirmedSent).TxId);
        chain.Mine();
        await g.SyncAsync();
        Assert.Single(g.Wallet.Outputs, u => u.Status == UtxoStatus.Confirmed);
        Assert.Empty(g.Wallet.UnconfirmedSent);
    }

    [Fact]
    public async Task A_withdraw_the_backend_refuses_leaves_the_wallet_unchanged()
    {
        await using var f = await WalletFixture.CreateAsync();
        await f.FundAsync(500_000);
        var before = f.Wallet.Outputs;
        f.Chain.Refuse = new Fulgur.Node.Chain.BitcoindRpcException(-26, "min relay fee not met");
        var e = await Assert.ThrowsAsync<WalletException>(() =>
            f.Wallet.WithdrawAsync(Elsewhere, SpendAmount.Exactly(new Satoshi(100_000)), TwoSatPerVb, CancellationToken.None));
        Assert.Contains("min relay fee not met", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, f.Wallet.Outputs);
        Assert.Empty(f.Wallet.UnconfirmedSent);
        f.Chain.Refuse = null;
        await f.Wallet.WithdrawAsync(Elsewhere, SpendAmount.Exactly(new Satoshi(100_000)), TwoSatPerVb, CancellationToken.None);
    }
}

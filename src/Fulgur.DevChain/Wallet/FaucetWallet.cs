using System.Globalization;
using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Addresses;
using Fulgur.Bitcoin.Bip32;
using Fulgur.Bitcoin.Fees;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Sighash;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;

namespace Fulgur.DevChain.Wallet;

/// <summary>A wallet output: the coin, its key, how deep it is (0 in the mempool) and whether it may be spent now.</summary>
internal sealed record WalletCoin(OutPoint OutPoint, TxOut Output, int Confirmations, bool IsCoinbase, bool Spendable);

/// <summary>
/// The faucet: BIP32 keys from a 32-byte seed kept in the data directory (mode 0600), P2WPKH addresses on
/// m/84'/1'/0'/0/i (BIP84, coin type 1 for test networks), the next index persisted beside the seed. It signs its own
/// spends; coin tracking comes from the chain's UTXO set and the mempool passed in by the owner.
/// </summary>
internal sealed class FaucetWallet : IDisposable
{
    /// <summary>The fixed feerate of sendtoaddress: 2 sat/vB (documented in doc/devchain.md).</summary>
    public static readonly FeeRate SendFeeRate = FeeRate.FromSatPerKvB(2000);

    private readonly ExtKey _account;
    private readonly string _indexPath;
    private readonly Dictionary<Script, PrivateKey> _keys = [];
    private int _nextIndex;

    private FaucetWallet(ExtKey account, string indexPath, int nextIndex)
    {
        _account = account;
        _indexPath = indexPath;
        for (var i = 0; i < nextIndex; i++)
            Derive(i);
        _nextIndex = nextIndex;
    }

    /// <summary>Opens the wallet in <paramref name="directory"/>, creating its seed on first use.</summary>
    public static FaucetWallet Open(string directory)
    {
        var seedPath = Path.Combine(directory, "wallet.seed");
        var indexPath = Path.Combine(directory, "wallet.index");
        if (!File.Exists(seedPath))
        {
            var fresh = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
            File.WriteAllText(seedPath, Hex.Encode(fresh) + "\n");
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(seedPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        if (!Hex.TryDecode(File.ReadAllText(seedPath).Trim(), out var seed) || seed.Length != 32)
            throw new InvalidDataException($"{seedPath} does not hold a 32-byte hex seed");
        var nextIndex = File.Exists(indexPath) && int.TryParse(File.ReadAllText(indexPath).Trim(), CultureInfo.InvariantCulture, out var n) ? n : 0;
        using var master = ExtKey.FromSeed(seed);
        var account = master.Derive(KeyPath.Parse("m/84'/1'/0'/0"));
        return new FaucetWallet(account, indexPath, nextIndex);
    }

    public bool IsMine(Script scriptPubKey) => _keys.ContainsKey(scriptPubKey);

    /// <summary>A fresh P2WPKH output script; the index is saved before the address is handed out.</summary>
    public Script NewScript()
    {
        var index = _nextIndex;
        File.WriteAllText(_indexPath, (index + 1).ToString(CultureInfo.InvariantCulture) + "\n");
        _nextIndex = index + 1;
        return Derive(index);
    }

    public static string FormatAddress(Script script) => Address.Format(script, Network.Regtest);

    /// <summary>
    /// Builds and signs a payment of <paramref name="amount"/> to <paramref name="destination"/> from
    /// <paramref name="available"/> (largest first), change to a new address, at <see cref="SendFeeRate"/>. With
    /// <paramref name="subtractFee"/> the recipient pays the fee. Null with a reason when the funds do not suffice.
    /// </summary>
    public Transaction? TryCreatePayment(
        IReadOnlyList<WalletCoin> available, Script destination, Satoshi amount, bool subtractFee, out string? error)
    {
        ArgumentNullException.ThrowIfNull(available);
        var chosen = new List<WalletCoin>();
        var total = Satoshi.Zero;
        foreach (var coin in available.Where(c => c.Spendable).OrderByDescending(c => c.Output.Value.Value))
        {
            chosen.Add(coin);
            total += coin.Output.Value;
            var fee = EstimateFee(chosen.Count, destination, withChange: true);
            if (total >= amount + (subtractFee ? Satoshi.Zero : fee))
                break;
        }
        var changeScript = StandardScripts.P2WpkhFromHash(new byte[20]);
        var feeWithChange = EstimateFee(chosen.Count, destination, withChange: true);
        var feeWithout = EstimateFee(chosen.Count, destination, withChange: false);
        var needed = amount + (subtractFee ? Satoshi.Zero : feeWithout);
        if (chosen.Count == 0 || total < needed)
        {
            error = "Insufficient funds";
            return null;
        }
        var sendValue = subtractFee ? amount - feeWithChange : amount;
        var change = total - sendValue - feeWithChange;
        var hasChange = !DustThreshold.IsDust(new TxOut(change, changeScript));
        if (!hasChange)
            sendValue = subtractFee ? amount - feeWithout : amount;
        if (DustThreshold.IsDust(new TxOut(sendValue, destination)))
        {
            error = "The transaction amount is too small to pay the fee";
            return null;
        }
        var builder = new TransactionBuilder { Version = 2 };
        foreach (var coin in chosen)
            builder.AddInput(coin.OutPoint, TxIn.SequenceFinal - 2);
        builder.AddOutput(sendValue, destination);
        if (hasChange)
            builder.AddOutput(change, NewScript());
        var tx = builder.ToTransaction();
        for (var i = 0; i < chosen.Count; i++)
        {
            var key = _keys[chosen[i].Output.ScriptPubKey];
            chosen[i].Output.ScriptPubKey.TryGetKeyHash(out var keyHash);
            var signature = TransactionSignature.SignSegwitV0(
                key, tx, i, StandardScripts.P2WpkhScriptCode(keyHash), chosen[i].Output.Value, SigHashType.All);
            tx = tx.WithWitness(i, Witness.Create(signature.ToBytes(), key.PublicKey.ToCompressed()));
        }
        error = null;
        return tx;
    }

    /// <summary>Fee for a P2WPKH-input transaction: 10.5 vB overhead, 68 vB per input (72-byte signature), the outputs.</summary>
    private static Satoshi EstimateFee(int inputs, Script destination, bool withChange)
    {
        var outputsSize = new TxOut(Satoshi.Zero, destination).SerializedLength + (withChange ? 31 : 0);
        var weight = (4 * (4 + 1 + 1 + 4 + outputsSize)) + 2 + (inputs * ((4 * 41) + 109));
        return SendFeeRate.FeeForVirtualSize((weight + 3) / 4);
    }

    private Script Derive(int index)
    {
        var child = _account.Derive((uint)index);
        var script = StandardScripts.P2Wpkh(child.PublicKey);
        _keys[script] = child.PrivateKey;
        return script;
    }

    public void Dispose()
    {
        foreach (var key in _keys.Values)
            key.Dispose();
        _account.Dispose();
    }
}

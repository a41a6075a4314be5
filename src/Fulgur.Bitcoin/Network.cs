using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using Fulgur.Bitcoin.Blocks;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;

namespace Fulgur.Bitcoin;

/// <summary>
/// A Bitcoin network's parameters: the name used by <c>--network</c>, address prefixes, BIP32 version bytes, the
/// genesis block and its hash (the BOLT 7 <c>chain_hash</c>), and the proof-of-work limit. Values are bitcoind's
/// (kernel/chainparams.cpp).
/// </summary>
public sealed class Network
{
    private readonly Lazy<Block> _genesis;

    private Network(
        string name, string bech32Hrp, string invoicePrefix, byte p2PkhPrefix, byte p2ShPrefix, byte wifPrefix,
        uint extPublicKeyVersion, uint extPrivateKeyVersion, uint genesisTime, uint genesisNonce, uint genesisBits,
        string powLimitHex)
    {
        Name = name;
        Bech32Hrp = bech32Hrp;
        InvoicePrefix = invoicePrefix;
        P2PkhPrefix = p2PkhPrefix;
        P2ShPrefix = p2ShPrefix;
        WifPrefix = wifPrefix;
        ExtPublicKeyVersion = extPublicKeyVersion;
        ExtPrivateKeyVersion = extPrivateKeyVersion;
        PowLimit = new BigInteger(Hex.Decode(powLimitHex), isUnsigned: true, isBigEndian: true);
        _genesis = new Lazy<Block>(() => CreateGenesisBlock(genesisTime, genesisNonce, genesisBits));
    }

    public static readonly Network Bitcoin = new(
        "bitcoin", "bc", "lnbc", 0, 5, 0x80, 0x0488B21E, 0x0488ADE4, 1231006505, 2083236893, 0x1d00ffff,
        "00000000ffffffffffffffffffffffffffffffffffffffffffffffffffffffff");

    public static readonly Network Testnet = new(
        "testnet", "tb", "lntb", 111, 196, 0xef, 0x043587CF, 0x04358394, 1296688602, 414098458, 0x1d00ffff,
        "00000000ffffffffffffffffffffffffffffffffffffffffffffffffffffffff");

    public static readonly Network Signet = new(
        "signet", "tb", "lntbs", 111, 196, 0xef, 0x043587CF, 0x04358394, 1598918400, 52613770, 0x1e0377ae,
        "00000377ae000000000000000000000000000000000000000000000000000000");

    public static readonly Network Regtest = new(
        "regtest", "bcrt", "lnbcrt", 111, 196, 0xef, 0x043587CF, 0x04358394, 1296688602, 2, 0x207fffff,
        "7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");

    public static IReadOnlyList<Network> All { get; } = [Bitcoin, Testnet, Signet, Regtest];

    /// <summary>The name <c>--network</c> takes and getinfo reports: bitcoin, testnet, signet, regtest.</summary>
    public string Name { get; }

    /// <summary>BIP173's human-readable part for segwit addresses: bc, tb (testnet and signet) or bcrt.</summary>
    public string Bech32Hrp { get; }

    /// <summary>
    /// BOLT 11: "`prefix`: `ln` + BIP-0173 currency prefix (e.g. `lnbc` for Bitcoin mainnet, `lntb` for Bitcoin testnet,
    /// `lntbs` for Bitcoin signet, and `lnbcrt` for Bitcoin regtest)".
    /// </summary>
    public string InvoicePrefix { get; }

    /// <summary>Base58Check version byte of P2PKH addresses (0 on mainnet, 111 elsewhere).</summary>
    public byte P2PkhPrefix { get; }

    /// <summary>Base58Check version byte of P2SH addresses (5 on mainnet, 196 elsewhere).</summary>
    public byte P2ShPrefix { get; }

    /// <summary>Base58Check version byte of WIF private keys.</summary>
    public byte WifPrefix { get; }

    /// <summary>BIP32 version of serialized public keys: xpub (0x0488B21E) or tpub (0x043587CF).</summary>
    public uint ExtPublicKeyVersion { get; }

    /// <summary>BIP32 version of serialized private keys: xprv (0x0488ADE4) or tprv (0x04358394).</summary>
    public uint ExtPrivateKeyVersion { get; }

    /// <summary>The highest target a block may have (bitcoind's powLimit).</summary>
    public BigInteger PowLimit { get; }

    /// <summary>Block 0, built as bitcoind's CreateGenesisBlock does.</summary>
    public Block GenesisBlock => _genesis.Value;

    /// <summary>
    /// The genesis block hash, which BOLT 7 uses as <c>chain_hash</c> (in internal byte order on the wire: for the
    /// Bitcoin blockchain it "MUST set `chain_hash` value (encoded in hex) equal to
    /// `6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000`").
    /// </summary>
    public BlockHash ChainHash => GenesisBlock.Hash;

    public static bool TryGetByName(string name, [NotNullWhen(true)] out Network? network)
    {
        network = All.FirstOrDefault(n => string.Equals(n.Name, name, StringComparison.Ordinal))
            ?? (string.Equals(name, "mainnet", StringComparison.Ordinal) ? Bitcoin : null);
        return network is not null;
    }

    /// <summary>The network whose genesis hash is <paramref name="chainHash"/> (e.g. from a peer's message).</summary>
    public static bool TryGetByChainHash(BlockHash chainHash, [NotNullWhen(true)] out Network? network)
    {
        network = All.FirstOrDefault(n => n.ChainHash == chainHash);
        return network is not null;
    }

    public override string ToString() => Name;

    /// <summary>
    /// bitcoind's CreateGenesisBlock: one coinbase paying 50 BTC to Satoshi's key, with The Times headline in its
    /// scriptSig; only time, nonce and bits differ between networks.
    /// </summary>
    private static Block CreateGenesisBlock(uint time, uint nonce, uint bits)
    {
        var scriptSig = new ScriptBuilder()
            .Push(486604799)
            .PushRaw([4])
            .PushRaw("The Times 03/Jan/2009 Chancellor on brink of second bailout for banks"u8)
            .ToScript();
        var outputScript = new ScriptBuilder()
            .PushRaw(Hex.Decode(
                "04678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5f"))
            .Op(Opcode.CheckSig)
            .ToScript();
        var coinbase = new Transaction(
            1,
            [new TxIn(OutPoint.Null, scriptSig, TxIn.SequenceFinal, Witness.Empty)],
            [new TxOut(new Satoshi(50 * Satoshi.PerBitcoin), outputScript)],
            0);
        var header = new BlockHeader(1, BlockHash.Zero, coinbase.TxId.Hash, time, new CompactTarget(bits), nonce);
        return new Block(header, [coinbase]);
    }
}

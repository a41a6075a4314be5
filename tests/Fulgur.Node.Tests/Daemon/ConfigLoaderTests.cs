using Fulgur.Node.Config;
using Fulgur.Node.Logging;
using Fulgur.Node.Tests.Support;

namespace Fulgur.Node.Tests.Daemon;

public sealed class ConfigLoaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private NodeConfig Load(params string[] args)
    {
        Assert.True(ConfigLoader.TryLoad([$"--lightning-dir={_dir.Path}", .. args], "/home/someone", out var config, out var error), error);
        return config;
    }

    private string LoadError(params string[] args)
    {
        Assert.False(ConfigLoader.TryLoad([$"--lightning-dir={_dir.Path}", .. args], "/home/someone", out _, out var error));
        return error;
    }

    private void WriteConfig(string relative, params string[] lines)
    {
        var path = _dir.Combine(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, lines);
    }

    private static OptionValue Value(NodeConfig config, string name) => config.Values.Last(v => v.Spec.Name == name);

    [Fact]
    public void Defaults_follow_the_contract()
    {
        Assert.True(ConfigLoader.TryLoad([], "/home/someone", out var config, out var error), error);
        Assert.Equal("/home/someone/.fulgur", config.LightningDir);
        Assert.Equal(BitcoinNetwork.Regtest, config.Network);
        Assert.Equal("/home/someone/.fulgur/regtest", config.NetworkDir);
        Assert.Equal([new HostPort("127.0.0.1", 19846)], config.ListenAddresses);
        Assert.Equal(LogLevel.Info, config.LogLevel);
        Assert.Equal("/home/someone/.fulgur/regtest/lightning-rpc", config.RpcSocketPath);
        Assert.Equal("sqlite3:///home/someone/.fulgur/regtest/fulgurd.sqlite3", config.Wallet);
        Assert.Equal(("127.0.0.1", (ushort)18443), (config.BitcoinRpcConnect, config.BitcoinRpcPort));
        Assert.Equal("/home/someone/.bitcoin", config.BitcoinDatadir);
        Assert.Equal((1000u, 10u), (config.FeeBase.Value, config.FeePerSatoshi));
        Assert.Equal(((ushort)34, (ushort)10), (config.CltvDelta, config.CltvFinal));
        Assert.Equal(((ushort)144, (ushort)2016, 3u), (config.WatchtimeBlocks, config.MaxLocktimeBlocks, config.FundingConfirms));
        Assert.Equal(TimeSpan.FromSeconds(30), config.BitcoindPoll);
        Assert.False(config.DevFastGossip);
        Assert.Null(config.Alias);
        Assert.Null(config.Rgb);
    }

    [Fact]
    public void Mainnet_defaults_differ()
    {
        var config = Load("--network=bitcoin");
        Assert.Equal([new HostPort("127.0.0.1", 9735)], config.ListenAddresses);
        Assert.Equal((ushort)8332, config.BitcoinRpcPort);
        Assert.Equal((ushort)18, config.CltvFinal);
        Assert.Equal(BitcoinNetwork.Testnet, Load("--testnet").Network);
    }

    [Fact]
    public void Every_option_of_the_contract_is_accepted()
    {
        var config = Load("--network=regtest", "--addr=0.0.0.0:1234", "--announce-addr=example.com:9735", "--alias=a", "--rgb=ff0000",
            "--log-level=debug", $"--log-file={_dir.Combine("log")}", "--rpc-file=rpc", "--wallet=sqlite3://x.db",
            "--bitcoin-rpcconnect=10.0.0.1", "--bitcoin-rpcport=1", "--bitcoin-rpcuser=u", "--bitcoin-rpcpassword=p",
            "--bitcoin-datadir=/b", "--fee-base=1", "--fee-per-satoshi=2", "--cltv-delta=3", "--cltv-final=4", "--watchtime-blocks=5",
            "--max-locktime-blocks=6", "--funding-confirms=7", "--dev-bitcoind-poll=1", "--dev-fast-gossip");
        Assert.Equal([new HostPort("0.0.0.0", 1234)], config.ListenAddresses);
        Assert.Equal("dns", config.AnnounceAddresses[0].AddressType);
        Assert.Equal([0xff, 0, 0], config.Rgb);
        Assert.Equal(LogLevel.Debug, config.LogLevel);
        Assert.Equal(_dir.Combine("regtest", "rpc"), config.RpcSocketPath);
        Assert.Equal(("u", "p"), (config.BitcoinRpcUser, config.BitcoinRpcPassword));
        Assert.Equal((7u, TimeSpan.FromSeconds(1), true), (config.FundingConfirms, config.BitcoindPoll, config.DevFastGossip));
    }

    [Fact]
    public void Space_separated_values_are_accepted_too()
    {
        var config = Load("--network", "testnet", "--alias", "spaced");
        Assert.Equal((BitcoinNetwork.Testnet, "spaced"), (config.Network, config.Alias));
    }

    [Fact]
    public void Config_files_apply_in_order_and_the_command_line_wins()
    {
        var conf = _dir.Combine("extra.conf");
        WriteConfig("config", "# base", "alias=from-base", "fee-base=1", "cltv-delta=11", "funding-confirms=5", "log-level=debug");
        WriteConfig("regtest/config", "  fee-base = 2  ", "cltv-delta=22", "", "funding-confirms=6");
        File.WriteAllLines(conf, ["cltv-delta=33", "funding-confirms=7"]);
        var config = Load($"--conf={conf}", "--funding-confirms=8");
        Assert.Equal("from-base", config.Alias);
        Assert.Equal(2u, config.FeeBase.Value);
        Assert.Equal((ushort)33, config.CltvDelta);
        Assert.Equal(8u, config.FundingConfirms);
        Assert.Equal(LogLevel.Debug, config.LogLevel);
        Assert.Equal($"{_dir.Combine("config")}:2", Value(config, "alias").Source);
        Assert.Equal($"{_dir.Combine("regtest", "config")}:1", Value(config, "fee-base").Source);
        Assert.Equal($"{conf}:1", Value(config, "cltv-delta").Source);
        Assert.Equal("cmdline", Value(config, "funding-confirms").Source);
        Assert.Equal("default", Value(config, "watchtime-blocks").Source);
    }

    [Fact]
    public void The_network_in_the_base_config_chooses_the_network_config()
    {
        WriteConfig("config", "network=signet");
        WriteConfig("signet/config", "alias=on-signet");
        WriteConfig("regtest/config", "alias=on-regtest");
        var config = Load();
        Assert.Equal((BitcoinNetwork.Signet, "on-signet"), (config.Network, config.Alias));
        Assert.Equal("on-regtest", Load("--regtest").Alias);
    }

    [Fact]
    public void Repeatable_options_accumulate_across_sources()
    {
        WriteConfig("config", "addr=127.0.0.1:1");
        var config = Load("--addr=127.0.0.1:2", "--addr=[::1]");
        Assert.Equal([new HostPort("127.0.0.1", 1), new HostPort("127.0.0.1", 2), new HostPort("::1", 19846)], config.ListenAddresses);
    }

    [Fact]
    public void A_flag_in_a_config_file_is_a_bare_name()
    {
        WriteConfig("config", "dev-fast-gossip");
        Assert.True(Load().DevFastGossip);
    }

    [Theory]
    [InlineData("--bogus=1", "unknown option '--bogus'")]
    [InlineData("--network=mainnet", "--network: 'mainnet' is not one of")]
    [InlineData("--log-level=loud", "--log-level: 'loud' is not one of")]
    [InlineData("--rgb=12345", "--rgb: '12345' is not six hex digits")]
    [InlineData("--rgb=zzzzzz", "--rgb: 'zzzzzz' is not six hex digits")]
    [InlineData("--fee-base=-1", "--fee-base: '-1' is not a whole number")]
    [InlineData("--cltv-delta=70000", "--cltv-delta: 70000 is out of range")]
    [InlineData("--funding-confirms=0", "--funding-confirms: 0 is out of range")]
    [InlineData("--dev-bitcoind-poll=abc", "--dev-bitcoind-poll: 'abc' is not a whole number")]
    [InlineData("--addr=::1:9735", "--addr: '::1:9735': IPv6 addresses must be written in brackets")]
    [InlineData("--addr=host:99999", "--addr: 'host:99999': '99999' is not a port number")]
    [InlineData("--dev-fast-gossip=yes", "--dev-fast-gossip: takes no value")]
    [InlineData("--alias=abcdefghijklmnopqrstuvwxyz0123456", "--alias: 'abcdefghijklmnopqrstuvwxyz0123456' is longer than 32 bytes")]
    [InlineData("getinfo", "unexpected argument 'getinfo'")]
    [InlineData("--alias", "--alias: needs a value")]
    public void Bad_options_are_refused_with_a_clear_message(string arg, string message) =>
        Assert.StartsWith(message, LoadError(arg), StringComparison.Ordinal);

    [Fact]
    public void Bad_config_lines_name_the_file_and_line()
    {
        WriteConfig("config", "# ok", "fee-base=1", "colour=red");
        Assert.Equal($"{_dir.Combine("config")}:3: unknown option 'colour'", LoadError());
        WriteConfig("config", "rgb=nothex");
        Assert.StartsWith($"{_dir.Combine("config")}:1: rgb: 'nothex' is not six hex digits", LoadError(), StringComparison.Ordinal);
        WriteConfig("config", "lightning-dir=/elsewhere");
        Assert.Equal($"{_dir.Combine("config")}:1: lightning-dir may only be given on the command line", LoadError());
    }

    [Fact]
    public void A_missing_conf_file_is_an_error_but_missing_default_files_are_not()
    {
        Assert.StartsWith("config file", LoadError($"--conf={_dir.Combine("nope")}"), StringComparison.Ordinal);
        Load();
    }

    [Fact]
    public void A_network_config_may_not_name_another_network()
    {
        WriteConfig("regtest/config", "network=testnet");
        Assert.Contains("contradicts", LoadError(), StringComparison.Ordinal);
    }
}

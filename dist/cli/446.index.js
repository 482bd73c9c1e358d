export const id = 446;
export const ids = [446];
export const modules = {

/***/ 84446:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   validateCommand: () => (/* binding */ validateCommand)
/* harmony export */ });
/* harmony import */ var _pipeline_config_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(19377);
/* harmony import */ var _model_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(87206);
// `immutable-qa validate`: everything `qa` checks before it builds, starting nothing: the config,
// and the compose files as compose renders them (services and ports the endpoints name).


async function validateCommand(configFile, logger) {
    const config = await (0,_pipeline_config_js__WEBPACK_IMPORTED_MODULE_0__/* .loadRenderedConfig */ .uL)(configFile, logger);
    logger.info(`${configFile}: valid (${config.checks.length} checks, ${config.image.local ? 'local mode' : `registry ${config.image.registry}`})`);
    return _model_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ExitCode */ .yU.Ok;
}


/***/ })

};
